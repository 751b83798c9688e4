using System.Globalization;
using System.Text.RegularExpressions;
using OptOutBot.Engine.Content;
using YamlDotNet.RepresentationModel;

namespace OptOutBot.Broadcasts.Calendar;

/// <summary>
/// Reads <c>deadlines.yaml</c> and checks it the way the rest of the content is checked: every error at once,
/// each as <c>file:line: message</c>.
/// </summary>
public static partial class DeadlineCalendarLoader
{
    private static readonly string[] EventKeys = ["id", "platform", "at", "time_zone", "title", "text", "links", "reminders"];

    public static CalendarLoadResult LoadFile(string path, IReadOnlyList<string> locales)
    {
        if (!File.Exists(path))
        {
            return new CalendarLoadResult(DeadlineCalendar.Empty, []);
        }

        return Parse(File.ReadAllText(path), Path.GetFileName(path), locales);
    }

    public static CalendarLoadResult Parse(string yaml, string fileName, IReadOnlyList<string> locales)
    {
        var errors = new List<string>();
        var events = new List<DeadlineEvent>();
        void Error(YamlNode? node, string message) =>
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{fileName}:{(node is null ? 1 : node.Start.Line)}: {message}"));

        var (stream, line, syntaxError) = YamlText.Load(new StringReader(yaml));
        if (stream is null)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{fileName}:{line}: invalid YAML: {syntaxError}"));
            return new CalendarLoadResult(DeadlineCalendar.Empty, errors);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            Error(null, "expected a mapping with an 'events' list");
            return new CalendarLoadResult(DeadlineCalendar.Empty, errors);
        }

        foreach (var key in root.Children.Keys)
        {
            if (Scalar(key) != "events")
            {
                Error(key, $"unknown key '{Scalar(key)}' (only 'events' is allowed)");
            }
        }

        if (!root.Children.TryGetValue(new YamlScalarNode("events"), out var eventsNode) || eventsNode is not YamlSequenceNode list)
        {
            Error(root, "'events' must be a list");
            return new CalendarLoadResult(DeadlineCalendar.Empty, errors);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list.Children)
        {
            if (item is not YamlMappingNode map)
            {
                Error(item, "each event must be a mapping");
                continue;
            }

            var parsed = ParseEvent(map, locales, Error);
            if (parsed is null)
            {
                continue;
            }

            if (!seen.Add(parsed.Id))
            {
                Error(map, $"duplicate event id '{parsed.Id}'");
                continue;
            }

            events.Add(parsed);
        }

        return new CalendarLoadResult(errors.Count == 0 ? new DeadlineCalendar(events) : DeadlineCalendar.Empty, errors);
    }

    private static DeadlineEvent? ParseEvent(YamlMappingNode map, IReadOnlyList<string> locales, Action<YamlNode?, string> error)
    {
        var failed = false;
        void Fail(YamlNode? node, string message)
        {
            failed = true;
            error(node, message);
        }

        foreach (var key in map.Children.Keys)
        {
            if (!EventKeys.Contains(Scalar(key)))
            {
                Fail(key, $"unknown key '{Scalar(key)}' in event (allowed: {string.Join(", ", EventKeys)})");
            }
        }

        var id = RequiredScalar(map, "id", Fail);
        var where = id is null ? "event" : $"event '{id}'";
        if (id is not null && !IdPattern().IsMatch(id))
        {
            Fail(Child(map, "id"), $"{where}: id must be lower-case kebab-case ASCII");
        }

        var platform = RequiredScalar(map, "platform", Fail);
        if (platform is not null && !PlatformPattern().IsMatch(platform))
        {
            Fail(Child(map, "platform"), $"{where}: platform must be lower-case letters, digits and dashes (e.g. meta)");
        }

        TimeZoneInfo? zone = null;
        var zoneId = RequiredScalar(map, "time_zone", Fail);
        if (zoneId is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out zone))
        {
            Fail(Child(map, "time_zone"), $"{where}: unknown time zone '{zoneId}' (use an IANA name such as Europe/Paris)");
        }

        DateTime localAt = default;
        var atText = RequiredScalar(map, "at", Fail);
        if (atText is not null)
        {
            if (!DateTime.TryParseExact(atText, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out localAt))
            {
                Fail(Child(map, "at"), $"{where}: 'at' must be a local date-time without offset, e.g. 2026-06-26T00:00");
            }
            else if (zone is not null && zone.IsInvalidTime(localAt))
            {
                Fail(Child(map, "at"), $"{where}: {atText} does not exist in {zone.Id} (clocks skip it at the DST change)");
            }
        }

        var title = Localized(map, "title", locales, where, Fail);
        var text = Localized(map, "text", locales, where, Fail);

        var links = new List<EventLink>();
        if (Child(map, "links") is { } linksNode)
        {
            if (linksNode is not YamlSequenceNode linkList)
            {
                Fail(linksNode, $"{where}: 'links' must be a list");
            }
            else
            {
                foreach (var linkNode in linkList.Children)
                {
                    if (linkNode is not YamlMappingNode link)
                    {
                        Fail(linkNode, $"{where}: each link needs a label and a url");
                        continue;
                    }

                    var url = RequiredScalar(link, "url", Fail);
                    if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps))
                    {
                        Fail(Child(link, "url"), $"{where}: link url must be an absolute https url");
                    }

                    IReadOnlyDictionary<string, string>? label = null;
                    switch (Child(link, "label"))
                    {
                        case YamlScalarNode s when !string.IsNullOrWhiteSpace(s.Value):
                            label = locales.ToDictionary(l => l, _ => s.Value!);
                            break;
                        case YamlMappingNode:
                            label = Localized(link, "label", locales, where, Fail);
                            break;
                        default:
                            Fail(link, $"{where}: link label must be text or a per-language mapping");
                            break;
                    }

                    if (url is not null && label is not null)
                    {
                        links.Add(new EventLink(label, url));
                    }
                }
            }
        }

        var reminders = new List<ReminderOffset>();
        if (Child(map, "reminders") is { } remindersNode)
        {
            if (remindersNode is not YamlSequenceNode reminderList)
            {
                Fail(remindersNode, $"{where}: 'reminders' must be a list such as [\"7d\", \"1d\", \"2h\"]");
            }
            else
            {
                foreach (var r in reminderList.Children)
                {
                    if (!ReminderOffset.TryParse(Scalar(r), out var offset))
                    {
                        Fail(r, $"{where}: reminder '{Scalar(r)}' must be a number followed by d, h or m (e.g. 7d, 2h)");
                    }
                    else if (reminders.Any(o => o.Approximate == offset.Approximate))
                    {
                        Fail(r, $"{where}: reminder '{offset.Key}' is listed twice");
                    }
                    else
                    {
                        reminders.Add(offset);
                    }
                }
            }
        }

        if (failed || id is null || platform is null || zone is null || title is null || text is null)
        {
            return null;
        }

        reminders.Sort((a, b) => b.CompareTo(a));
        return new DeadlineEvent(id, platform, localAt, zone, ZoneTime.ToInstant(localAt, zone), title, text, links, reminders, (int)map.Start.Line);
    }

    private static IReadOnlyDictionary<string, string>? Localized(YamlMappingNode map, string key, IReadOnlyList<string> locales, string where, Action<YamlNode?, string> fail)
    {
        var node = Child(map, key);
        if (node is not YamlMappingNode values)
        {
            fail(node ?? map, $"{where}: '{key}' is required, with one entry per language ({string.Join(", ", locales)})");
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in values.Children)
        {
            var text = Scalar(v);
            if (string.IsNullOrWhiteSpace(text))
            {
                fail(v, $"{where}: '{key}.{Scalar(k)}' must not be empty");
                continue;
            }

            result[Scalar(k) ?? ""] = text;
        }

        var ok = true;
        foreach (var locale in locales)
        {
            if (!result.ContainsKey(locale))
            {
                fail(values, $"{where}: '{key}' has no '{locale}' text");
                ok = false;
            }
        }

        return ok ? result : null;
    }

    private static string? RequiredScalar(YamlMappingNode map, string key, Action<YamlNode?, string> fail)
    {
        var node = Child(map, key);
        var value = node is null ? null : Scalar(node);
        if (string.IsNullOrWhiteSpace(value))
        {
            fail(node ?? map, $"'{key}' is required");
            return null;
        }

        return value;
    }

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static string? Scalar(YamlNode node) => (node as YamlScalarNode)?.Value;

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex PlatformPattern();
}

/// <summary>The calendar and, when the file is wrong, every error as <c>file:line: message</c> (then the calendar is empty).</summary>
public sealed record CalendarLoadResult(DeadlineCalendar Calendar, IReadOnlyList<string> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>Thrown at start-up when <c>deadlines.yaml</c> is invalid; the message lists every error.</summary>
public sealed class DeadlineCalendarException(IReadOnlyList<string> errors)
    : Exception("dialogs/deadlines.yaml is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
