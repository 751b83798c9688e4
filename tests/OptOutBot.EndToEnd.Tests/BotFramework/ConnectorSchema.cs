using System.Text.Json;

namespace OptOutBot.EndToEnd.Tests.BotFramework;

/// <summary>
/// Checks an activity the bot sent against the Connector's Swagger definitions (botframework-connector.json, a copy of
/// microsoft/botframework-sdk specs/botframework-protocol/botframework-channel.json, MIT): no property the schema does
/// not know, every value of its declared type, enum values from the enum, hero-card content as a HeroCard; plus the
/// stricter rules channels apply (no empty strings, suggestedActions.to present, buttons with a title).
/// </summary>
internal sealed class ConnectorSchema
{
    private static readonly Lazy<ConnectorSchema> Instance = new(() => new ConnectorSchema(OptOutBot.Testing.RepositoryPaths.Spec("botframework-connector.json")));
    private readonly JsonElement _definitions;

    private ConnectorSchema(string path)
    {
        _definitions = JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("definitions").Clone();
    }

    public static IReadOnlyList<string> ValidateActivity(JsonElement activity)
    {
        var errors = new List<string>();
        if (!activity.TryGetProperty("type", out _))
        {
            errors.Add("$.type: required");
        }

        Instance.Value.Check("Activity", activity, "$", errors);
        return errors;
    }

    private void Check(string definition, JsonElement value, string path, List<string> errors)
    {
        var schema = _definitions.GetProperty(definition);
        if (schema.TryGetProperty("enum", out var values))
        {
            if (value.ValueKind != JsonValueKind.String || !values.EnumerateArray().Any(v => v.GetString() == value.GetString()))
            {
                errors.Add($"{path}: '{value}' is not one of {definition}");
            }

            return;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}: expected an object ({definition})");
            return;
        }

        var properties = schema.GetProperty("properties");
        foreach (var property in value.EnumerateObject())
        {
            var at = path + "." + property.Name;
            if (!properties.TryGetProperty(property.Name, out var propertySchema))
            {
                errors.Add($"{at}: not a property of {definition}");
                continue;
            }

            if (definition == "CardAction" && property.Name == "value")
            {
                continue; // typed "object" in the Swagger, but openUrl / imBack carry strings.
            }

            CheckProperty(propertySchema, property.Value, at, errors);
        }

        if (definition == "SuggestedActions" && !value.TryGetProperty("to", out _))
        {
            errors.Add($"{path}.to: required by channels");
        }

        if (definition == "CardAction" && (!value.TryGetProperty("title", out var title) || string.IsNullOrEmpty(title.GetString())))
        {
            errors.Add($"{path}.title: a button needs a title");
        }

        if (definition == "Attachment" && value.TryGetProperty("contentType", out var type) && type.GetString() == "application/vnd.microsoft.card.hero")
        {
            if (value.TryGetProperty("content", out var content))
            {
                Check("HeroCard", content, path + ".content", errors);
            }
            else
            {
                errors.Add($"{path}.content: a hero card needs content");
            }
        }
    }

    private void CheckProperty(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            Check(reference.GetString()!.Replace("#/definitions/", string.Empty, StringComparison.Ordinal), value, path, errors);
            return;
        }

        var type = schema.TryGetProperty("type", out var t) ? t.GetString() : null;
        switch (type)
        {
            case "string":
                if (value.ValueKind != JsonValueKind.String)
                {
                    errors.Add($"{path}: expected a string");
                }
                else if (value.GetString()!.Length == 0 && !path.EndsWith(".text", StringComparison.Ordinal))
                {
                    errors.Add($"{path}: empty string (channels reject these; omit the field)");
                }

                break;
            case "boolean":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    errors.Add($"{path}: expected a boolean");
                }

                break;
            case "integer" or "number":
                if (value.ValueKind != JsonValueKind.Number)
                {
                    errors.Add($"{path}: expected a number");
                }

                break;
            case "array":
                if (value.ValueKind != JsonValueKind.Array)
                {
                    errors.Add($"{path}: expected an array");
                    break;
                }

                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    CheckProperty(schema.GetProperty("items"), item, $"{path}[{i++}]", errors);
                }

                break;
            case "object":
                if (value.ValueKind != JsonValueKind.Object)
                {
                    errors.Add($"{path}: expected an object");
                }

                break;
        }
    }
}
