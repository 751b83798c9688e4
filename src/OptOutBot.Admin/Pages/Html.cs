using System.Net;
using System.Text;

namespace OptOutBot.Admin.Pages;

/// <summary>Builds a console page: every value goes through <see cref="Text"/>, so nothing from the store becomes markup.</summary>
internal sealed class Html
{
    private readonly StringBuilder sb = new();

    public static string Text(string? value) => WebUtility.HtmlEncode(value ?? string.Empty);

    public Html Raw(string html)
    {
        sb.Append(html);
        return this;
    }

    public Html Append(string? text)
    {
        sb.Append(Text(text));
        return this;
    }

    public override string ToString() => sb.ToString();

    /// <summary>The page frame: skip link, navigation (current page marked), main landmark, sign-out form.</summary>
    public static string Page(string title, string current, string body, string? csrf)
    {
        var nav = new StringBuilder();
        foreach (var (href, label) in new[] { ("/admin", "Overview"), ("/admin/questions", "Unanswered questions"), ("/admin/broadcasts", "Broadcasts"), ("/admin/content", "Content") })
        {
            nav.Append("<li><a href=\"").Append(href).Append('"').Append(href == current ? " aria-current=\"page\"" : "").Append('>').Append(label).Append("</a></li>");
        }

        var signOut = csrf is null ? "" :
            $"<form method=\"post\" action=\"/admin/sign-out\" class=\"signout\"><input type=\"hidden\" name=\"csrf\" value=\"{Text(csrf)}\"><button type=\"submit\">Sign out</button></form>";
        var navigation = csrf is null ? "" : $"<nav aria-label=\"Console\"><ul>{nav}</ul></nav>";
        return $"""
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <meta name="referrer" content="no-referrer">
              <meta name="color-scheme" content="light dark">
              <title>{Text(title)} · OptOutBot console</title>
              <link rel="stylesheet" href="/admin/admin.css">
              {(csrf is null ? "" : "<script src=\"/admin/admin.js\" defer></script>")}
            </head>
            <body>
              <a class="skip" href="#main">Skip to content</a>
              <header class="bar"><p class="brand">OptOutBot console</p>{navigation}{signOut}</header>
              <main id="main" tabindex="-1">
              <h1>{Text(title)}</h1>
              {body}
              </main>
            </body>
            </html>
            """;
    }

    /// <summary>A horizontal bar chart as inline SVG, described for screen readers; the caller puts the same numbers in a table beside it.</summary>
    public static string BarChart(string label, IReadOnlyList<(string Name, long Value)> bars)
    {
        const int rowHeight = 22, labelWidth = 110, width = 420;
        var max = Math.Max(1, bars.Count == 0 ? 1 : bars.Max(b => b.Value));
        var svg = new StringBuilder();
        svg.Append(System.Globalization.CultureInfo.InvariantCulture, $"<svg class=\"chart\" role=\"img\" aria-label=\"{Text(label)} (the table beside it has the numbers)\" viewBox=\"0 0 {width} {Math.Max(1, bars.Count) * rowHeight}\" width=\"100%\">");
        for (var i = 0; i < bars.Count; i++)
        {
            var (name, value) = bars[i];
            var w = (int)Math.Round((width - labelWidth - 50) * (double)value / max);
            var y = i * rowHeight;
            svg.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"<text x=\"0\" y=\"{y + 15}\" class=\"label\">{Text(name)}</text><rect x=\"{labelWidth}\" y=\"{y + 4}\" width=\"{Math.Max(w, value > 0 ? 1 : 0)}\" height=\"14\" class=\"bar\"></rect><text x=\"{labelWidth + w + 6}\" y=\"{y + 15}\" class=\"value\">{value}</text>");
        }

        return svg.Append("</svg>").ToString();
    }
}
