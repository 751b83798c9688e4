using System.Text.Json;

namespace OptOutBot.EndToEnd.Tests.Discord;

/// <summary>
/// A small JSON Schema (2020-12 subset) checker over Discord's OpenAPI file: $ref, type, enum, required, properties,
/// items, min/max items and length, minimum/maximum, oneOf/anyOf/allOf. Stricter than the spec in one way: a property
/// the schema does not list is an error, so a misspelt field cannot slip through.
/// </summary>
internal sealed class OpenApiSchema
{
    private static readonly Lazy<OpenApiSchema> Discord = new(() => new OpenApiSchema(File.ReadAllText(FindSpec())));

    private readonly JsonDocument _spec;

    private OpenApiSchema(string json) => _spec = JsonDocument.Parse(json);

    public static OpenApiSchema DiscordSpec => Discord.Value;

    /// <summary>The errors of <paramref name="json"/> against components/schemas/<paramref name="schemaName"/>; empty when valid.</summary>
    public IReadOnlyList<string> Validate(string json, string schemaName)
    {
        using var document = JsonDocument.Parse(json);
        var errors = new List<string>();
        Check(document.RootElement, Resolve("#/components/schemas/" + schemaName), "$", errors);
        return errors;
    }

    public void AssertValid(string json, string schemaName)
    {
        var errors = Validate(json, schemaName);
        Assert.True(errors.Count == 0, $"{schemaName}: {string.Join("; ", errors)}\n{json}");
    }

    private void Check(JsonElement value, JsonElement schema, string path, List<string> errors)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            Check(value, Resolve(reference.GetString()!), path, errors);
        }

        if (schema.TryGetProperty("type", out var type) && !TypeMatches(value, type))
        {
            errors.Add($"{path}: expected {type}, got {value.ValueKind}");
            return;
        }

        if (schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => JsonEquals(a, value)))
        {
            errors.Add($"{path}: {value} not in {allowed}");
        }

        if (schema.TryGetProperty("const", out var constant) && !JsonEquals(constant, value))
        {
            errors.Add($"{path}: {value} is not {constant}");
        }

        foreach (var part in Array(schema, "allOf"))
        {
            Check(value, part, path, errors);
        }

        var oneOf = Array(schema, "oneOf").ToList();
        if (oneOf.Count > 0)
        {
            var passing = oneOf.Count(o => Passes(value, o, path));
            if (passing != 1)
            {
                errors.Add($"{path}: matches {passing} of the oneOf alternatives, needs exactly 1" + (passing == 0 ? ": " + Closest(value, oneOf, path) : string.Empty));
            }
        }

        var anyOf = Array(schema, "anyOf").ToList();
        if (anyOf.Count > 0 && !anyOf.Any(o => Passes(value, o, path)))
        {
            errors.Add($"{path}: matches none of the anyOf alternatives: " + Closest(value, anyOf, path));
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                CheckObject(value, schema, path, errors);
                break;
            case JsonValueKind.Array:
                CheckArray(value, schema, path, errors);
                break;
            case JsonValueKind.String:
                var length = value.GetString()!.Length;
                if (schema.TryGetProperty("maxLength", out var maxLength) && length > maxLength.GetInt32())
                {
                    errors.Add($"{path}: length {length} > {maxLength}");
                }

                if (schema.TryGetProperty("minLength", out var minLength) && length < minLength.GetInt32())
                {
                    errors.Add($"{path}: length {length} < {minLength}");
                }

                break;
            case JsonValueKind.Number:
                if (schema.TryGetProperty("minimum", out var minimum) && value.GetDouble() < minimum.GetDouble())
                {
                    errors.Add($"{path}: {value} < {minimum}");
                }

                if (schema.TryGetProperty("maximum", out var maximum) && value.GetDouble() > maximum.GetDouble())
                {
                    errors.Add($"{path}: {value} > {maximum}");
                }

                break;
        }
    }

    private void CheckObject(JsonElement value, JsonElement schema, string path, List<string> errors)
    {
        foreach (var required in Array(schema, "required"))
        {
            if (!value.TryGetProperty(required.GetString()!, out _))
            {
                errors.Add($"{path}: missing required '{required.GetString()}'");
            }
        }

        if (!schema.TryGetProperty("properties", out var properties))
        {
            return;
        }

        foreach (var property in value.EnumerateObject())
        {
            if (properties.TryGetProperty(property.Name, out var propertySchema))
            {
                Check(property.Value, propertySchema, path + "." + property.Name, errors);
            }
            else
            {
                errors.Add($"{path}: unknown property '{property.Name}'");
            }
        }
    }

    private void CheckArray(JsonElement value, JsonElement schema, string path, List<string> errors)
    {
        var count = value.GetArrayLength();
        if (schema.TryGetProperty("maxItems", out var maxItems) && count > maxItems.GetInt32())
        {
            errors.Add($"{path}: {count} items > {maxItems}");
        }

        if (schema.TryGetProperty("minItems", out var minItems) && count < minItems.GetInt32())
        {
            errors.Add($"{path}: {count} items < {minItems}");
        }

        if (schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                Check(item, items, $"{path}[{i++}]", errors);
            }
        }
    }

    private bool Passes(JsonElement value, JsonElement schema, string path)
    {
        var errors = new List<string>();
        Check(value, schema, path, errors);
        return errors.Count == 0;
    }

    private string Closest(JsonElement value, List<JsonElement> alternatives, string path) =>
        alternatives
            .Select(a => { var e = new List<string>(); Check(value, a, path, e); return e; })
            .Where(e => e.Count > 0)
            .OrderBy(e => e.Count)
            .Select(e => string.Join(", ", e))
            .FirstOrDefault() ?? string.Empty;

    private JsonElement Resolve(string reference)
    {
        var node = _spec.RootElement;
        foreach (var part in reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node.GetProperty(part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
        }

        return node;
    }

    private static IEnumerable<JsonElement> Array(JsonElement schema, string name) =>
        schema.TryGetProperty(name, out var array) ? array.EnumerateArray() : [];

    private static bool TypeMatches(JsonElement value, JsonElement type) =>
        type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Any(t => IsType(value, t.GetString()!)) : IsType(value, type.GetString()!);

    private static bool IsType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => true,
    };

    private static bool JsonEquals(JsonElement a, JsonElement b) => a.GetRawText() == b.GetRawText();

    private static string FindSpec() => OptOutBot.Testing.RepositoryPaths.Spec("discord-openapi.json");
}
