using System.Text.RegularExpressions;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Decisioner.Core.Content;

/// <summary>
/// What <see cref="EmailTemplate.Load"/> checks in a message template, each problem reported with the
/// line and column editors see: the subject and the <c>no-name</c> text, the placeholders, the links, and
/// that the body exists and holds the result link.
/// </summary>
internal static partial class EmailTemplateChecks
{
    [GeneratedRegex(@"(?<!\{)\{(?<name>[a-z]+(?:-[a-z]+)*)\}(?!\})", RegexOptions.CultureInvariant)]
    private static partial Regex SingleBracePattern();

    /// <summary>The subject fits and leaves <c>{{result-link}}</c> to the body; <c>no-name</c> is plain text.</summary>
    public static void Fields(YamlFields fields, string? subject, string noName)
    {
        if (subject is not null && fields.Node("subject") is { } subjectNode)
        {
            if (subject.Length > EmailTemplate.MaxTemplateSubjectLength)
            {
                fields.Error(subjectNode, $"the subject is {subject.Length} characters long; keep it to {EmailTemplate.MaxTemplateSubjectLength}");
            }

            if (subject.Contains("{{" + EmailTemplate.ResultLink + "}}", StringComparison.Ordinal))
            {
                fields.Error(subjectNode, "{{result-link}} belongs in the body, not in the subject");
            }
        }

        if (noName.Contains("{{", StringComparison.Ordinal) && fields.Node("no-name") is { } noNameNode)
        {
            fields.Error(noNameNode, "'no-name' is plain text: it cannot hold a placeholder");
        }
    }

    /// <summary>Every <c>{{...}}</c> must name a known placeholder; a single-brace one is probably a typo.</summary>
    public static void Placeholders(string text, int bodyStart, DiagnosticList diagnostics)
    {
        foreach (Match match in EmailTemplate.PlaceholderPattern().Matches(text))
        {
            var name = match.Groups["name"].Value;
            if (!EmailTemplate.Placeholders.Contains(name))
            {
                var (line, column) = LineAt(text, match.Index);
                var trimmed = name.Trim().ToLowerInvariant();
                var hint = EmailTemplate.Placeholders.Contains(trimmed) ? $" (write it as {{{{{trimmed}}}}}, without spaces or capitals)" : "";
                diagnostics.Error(line, column, $"unknown placeholder '{match.Value}'{hint}; the known ones are {string.Join(", ", EmailTemplate.Placeholders.Select(p => "{{" + p + "}}"))}");
            }
        }

        // "{{" left open on its line: the reader would see the braces.
        var open = 0;
        while ((open = text.IndexOf("{{", open, StringComparison.Ordinal)) >= 0)
        {
            var lineEnd = text.IndexOf('\n', open);
            var close = text.IndexOf("}}", open, StringComparison.Ordinal);
            if (close < 0 || (lineEnd >= 0 && close > lineEnd))
            {
                var (line, column) = LineAt(text, open);
                diagnostics.Error(line, column, "'{{' is never closed on this line: a placeholder is written {{name}}");
            }

            open = close < 0 ? text.Length : close + 2;
        }

        foreach (Match match in SingleBracePattern().Matches(text, Math.Min(bodyStart, text.Length)))
        {
            if (EmailTemplate.Placeholders.Contains(match.Groups["name"].Value))
            {
                var (line, column) = LineAt(text, match.Index);
                diagnostics.Warning(line, column, $"'{match.Value}' is sent as it is written: a placeholder has two braces, {{{match.Value}}}");
            }
        }
    }

    /// <summary>A link's address is <c>{{result-link}}</c> or a full https:// (or mailto:) address: a site path means nothing in a mailbox.</summary>
    public static void Links(MarkdownDocument document, DiagnosticList diagnostics)
    {
        foreach (var link in document.Descendants<LinkInline>())
        {
            var url = link.Url ?? "";
            if (url == "{{" + EmailTemplate.ResultLink + "}}")
            {
                continue;
            }

            if (link.IsImage)
            {
                diagnostics.Error(link.Line + 1, link.Column + 1, "images are not sent: many mail programs block them, and the message must read well without them");
            }
            else if (url.Contains("{{", StringComparison.Ordinal))
            {
                diagnostics.Error(link.Line + 1, link.Column + 1, $"only {{{{result-link}}}} may be a link's address, not '{url}'");
            }
            else if (!url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
            {
                diagnostics.Error(link.Line + 1, link.Column + 1, $"link to '{url}': a message needs a full address starting with https:// (or mailto:)");
            }
        }
    }

    /// <summary>The body (from <paramref name="bodyStart"/>, the line after the front matter) holds the result link and some text.</summary>
    public static void Body(string text, int bodyStart, string body, DiagnosticList diagnostics)
    {
        var firstBody = Math.Min(bodyStart, text.Length);
        while (firstBody < text.Length && text[firstBody] is '\r' or '\n')
        {
            firstBody++;
        }

        var bodyLine = LineAt(text, firstBody).Line;
        if (!EmailTemplate.PlaceholderPattern().Matches(text, Math.Min(bodyStart, text.Length)).Any(m => m.Groups["name"].Value == EmailTemplate.ResultLink))
        {
            diagnostics.Error(bodyLine, 1, "the body must hold {{result-link}}: the message exists to give the prospect their result, e.g. '[See your result]({{result-link}})'");
        }

        if (string.IsNullOrWhiteSpace(body))
        {
            diagnostics.Error(bodyLine, 1, "the message has no body: write it after the front matter");
        }
    }

    /// <summary>The 1-based line and column of <paramref name="index"/> in <paramref name="text"/>.</summary>
    private static (int Line, int Column) LineAt(string text, int index)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, index - lineStart + 1);
    }
}
