using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OptOutBot.Engine.Content;

namespace OptOutBot.Admin.Content;

/// <summary>
/// The console's two content edits: a question as an example of a topic, a phrasing as off-topic. Each is one YAML list
/// line. When the content folder is writable (and the serving host can reload), the line is written under its list,
/// then the whole folder is validated and reloaded; a refused edit puts the file back as it was, byte for byte.
/// Otherwise the operator gets the exact line and file to paste it in.
/// </summary>
internal sealed class ContentEditor(LiveContent live, IHostEnvironment environment, IOptions<ContentOptions> options, IContentReload? reload = null)
{
    private readonly Lock gate = new();

    /// <param name="File">The file as content errors name it ("dialogs/en/topics/x.yaml").</param>
    /// <param name="Line">The YAML line, indented as it goes under <paramref name="List"/>.</param>
    /// <param name="Written">False: nothing was changed, the operator pastes <paramref name="Line"/> (see <paramref name="Why"/>).</param>
    /// <param name="Errors">When written but refused by validation (the file was restored): every error as file:line.</param>
    public sealed record Edit(string File, string List, string Line, bool Written, bool Applied, string? Why, IReadOnlyList<string> Errors);

    public string ContentFolder => Path.GetFullPath(options.Value.Path, environment.ContentRootPath);

    /// <summary>The content folder's name, the way content errors start their file names.</summary>
    public string DisplayFolder => Path.GetFileName(ContentFolder.TrimEnd(Path.DirectorySeparatorChar));

    /// <summary>True when this host can reload content: edits are then tried on the files (a read-only folder still falls back to pasting).</summary>
    public bool CanWrite => reload is not null;

    /// <summary>Null when the language has no such topic.</summary>
    public Edit? AddExample(string locale, string topicId, string question)
    {
        var file = live.Current.TopicFile(locale, topicId);
        return file is null ? null : Apply(file, "examples", question);
    }

    /// <summary>Null when the language is not served.</summary>
    public Edit? AddOffTopic(string locale, string phrase)
    {
        if (!live.Current.Locales.Contains(locale, StringComparer.Ordinal))
        {
            return null;
        }

        // Named like content errors name files: from the content folder's own name.
        return Apply(DisplayFolder + "/" + locale + "/offtopic.yaml", "words", phrase);
    }

    /// <summary>A YAML list item, double-quoted so no character of the question changes its meaning.</summary>
    public static string ListItem(string text)
    {
        var oneLine = string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return "  - \"" + oneLine.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    private Edit Apply(string displayFile, string list, string text)
    {
        var line = ListItem(text);
        Edit Paste(string why) => new(displayFile, list, line, false, false, why, []);

        // Errors name files relative to the content folder's parent; the folder's own name starts the path.
        var folder = ContentFolder;
        var path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(folder.TrimEnd(Path.DirectorySeparatorChar))!, displayFile));
        if (!path.StartsWith(folder.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(path))
        {
            return Paste("the file is not in the content folder");
        }

        if (reload is null)
        {
            return Paste("this host does not reload content");
        }

        lock (gate)
        {
            byte[] original;
            try
            {
                original = File.ReadAllBytes(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return Paste("the file cannot be read (" + ex.GetType().Name + ")");
            }

            var edited = Insert(System.Text.Encoding.UTF8.GetString(original), list, line);
            if (edited is null)
            {
                return Paste($"no block list '{list}:' in the file to add to");
            }

            try
            {
                File.WriteAllText(path, edited);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return Paste("the content folder is not writable (" + ex.GetType().Name + ")");
            }

            var result = reload.ReloadNow();
            if (!result.Applied)
            {
                File.WriteAllBytes(path, original);
            }

            return new Edit(displayFile, list, line, true, result.Applied, null, result.Errors);
        }
    }

    /// <summary>Adds <paramref name="line"/> after the last item of the top-level block list <paramref name="list"/>; null when there is none.</summary>
    internal static string? Insert(string yaml, string list, string line)
    {
        var newline = yaml.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lines = yaml.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var start = lines.FindIndex(l => l == list + ":" || (l.StartsWith(list + ":", StringComparison.Ordinal) && l[(list.Length + 1)..].TrimStart().StartsWith('#')));
        if (start < 0)
        {
            return null;
        }

        // The list goes on while lines are indented (items, their continuations, comments) or blank before more items.
        var last = start;
        for (var i = start + 1; i < lines.Count; i++)
        {
            if (lines[i].Length > 0 && lines[i][0] == ' ')
            {
                if (lines[i].TrimStart().StartsWith("- ", StringComparison.Ordinal) || lines[i].TrimStart() == "-" || last > start)
                {
                    last = i;
                }
            }
            else if (lines[i].Trim().Length > 0)
            {
                break;
            }
        }

        if (last == start)
        {
            return null;
        }

        lines.Insert(last + 1, line);
        return string.Join(newline, lines);
    }
}
