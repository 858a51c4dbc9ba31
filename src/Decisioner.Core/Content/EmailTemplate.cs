using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Decisioner.Core.Content;

/// <summary>
/// What one message says about one result: the values that fill a template's placeholders. The site's
/// name comes from <c>site.yaml</c>, so it is not here. Every value is one line of plain text; line
/// breaks and other control characters in it become spaces when the message is made.
/// </summary>
/// <param name="ProspectName">The prospect's name, or null/empty when none was saved (the template's <c>no-name</c> text is used).</param>
/// <param name="Outcome">The outcome's name, such as "RAG" or "Fine-tuning".</param>
/// <param name="Headline">The result's headline, as the result page shows it.</param>
/// <param name="ResultLink">The absolute address of the result: it carries answers only, never a name or an email.</param>
/// <param name="StaffName">The name the staff member is known by to the prospect.</param>
public sealed record TemplateValues(string? ProspectName, string Outcome, string Headline, Uri ResultLink, string StaffName);

/// <summary>A message made from a template: one subject line, a plain-text part and an HTML part.</summary>
public sealed record RenderedEmail(string Subject, string Text, string Html);

/// <summary>
/// The message sent to a prospect with their result, from <c>content/emails/result.md</c>: front matter
/// with the subject, then a markdown body with <c>{{placeholders}}</c>. Loaded with the content (a
/// broken file keeps its last good version) and checked by <c>check</c>. Values are never read as
/// markdown or HTML: in the HTML part they are escaped, in the subject they are one line.
/// </summary>
public sealed partial class EmailTemplate
{
    public const string Folder = "emails";

    public const string ResultFile = Folder + "/result.md";

    public const string ProspectName = "prospect-name";
    public const string Outcome = "outcome";
    public const string Headline = "headline";
    public const string ResultLink = "result-link";
    public const string StaffName = "staff-name";
    public const string SiteName = "site-name";

    /// <summary>The placeholders a template may use, in the order the editors' guide lists them.</summary>
    public static readonly IReadOnlyList<string> Placeholders = [ProspectName, Outcome, Headline, ResultLink, StaffName, SiteName];

    /// <summary>Longest subject the template may have, before values are put in, and longest subject sent.</summary>
    public const int MaxTemplateSubjectLength = 150;

    public const int MaxSubjectLength = 200;

    /// <summary>Longest value put in a message; longer is cut with an ellipsis.</summary>
    public const int MaxValueLength = 300;

    // No raw HTML, no generic attributes (they would read "{{" as attributes), no autolinks (a name such as
    // "www.example.com" must stay text): the body is simple prose with links.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseYamlFrontMatter()
        .UseEmphasisExtras()
        .UsePipeTables()
        .DisableHtml()
        .Build();

    [GeneratedRegex(@"\{\{(?<name>[^{}\r\n]*)\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"(?<!\{)\{(?<name>[a-z]+(?:-[a-z]+)*)\}(?!\})", RegexOptions.CultureInvariant)]
    private static partial Regex SingleBracePattern();

    // [label](destination) with a destination without spaces, for the text part.
    [GeneratedRegex(@"\[(?<label>[^\]\r\n]+)\]\((?<url>[^)\s]+)\)", RegexOptions.CultureInvariant)]
    private static partial Regex MarkdownLinkPattern();

    [GeneratedRegex(@"<(?<url>\{\{result-link\}\}|https://[^>\s]+)>", RegexOptions.CultureInvariant)]
    private static partial Regex AngleLinkPattern();

    private EmailTemplate(string sourcePath, string subject, string body, string noName)
    {
        SourcePath = sourcePath;
        Subject = subject;
        Body = body;
        NoName = noName;
    }

    public string SourcePath { get; }

    /// <summary>The subject line as written, with its placeholders.</summary>
    public string Subject { get; }

    /// <summary>The markdown body as written (after the front matter), with its placeholders.</summary>
    public string Body { get; }

    /// <summary>What <c>{{prospect-name}}</c> becomes when no name was saved ("there", for "Hello there,").</summary>
    public string NoName { get; }

    /// <summary>Parses and checks a template; returns null when it has errors (they are in <paramref name="diagnostics"/>).</summary>
    public static EmailTemplate? Load(string relativePath, string text, DiagnosticList diagnostics)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(diagnostics);

        var document = Markdown.Parse(text, Pipeline);
        if (document.Descendants<YamlFrontMatterBlock>().FirstOrDefault() is not { } frontMatter)
        {
            diagnostics.Error(1, 1, "a message template starts with front matter: a line '---', then 'subject: ...', then another '---'");
            return null;
        }

        var fields = YamlFields.Parse(frontMatter.Lines.ToString(), diagnostics, lineOffset: frontMatter.Line + 1);
        var subject = fields?.String("subject", required: true);
        var noName = fields?.String("no-name") ?? "there";
        fields?.WarnUnread();
        if (subject is not null && fields?.Node("subject") is { } subjectNode)
        {
            if (subject.Length > MaxTemplateSubjectLength)
            {
                fields.Error(subjectNode, $"the subject is {subject.Length} characters long; keep it to {MaxTemplateSubjectLength}");
            }

            if (subject.Contains("{{" + ResultLink + "}}", StringComparison.Ordinal))
            {
                fields.Error(subjectNode, "{{result-link}} belongs in the body, not in the subject");
            }
        }

        if (noName.Contains("{{", StringComparison.Ordinal) && fields?.Node("no-name") is { } noNameNode)
        {
            fields.Error(noNameNode, "'no-name' is plain text: it cannot hold a placeholder");
        }

        // Markdig counts lines from 0; the body starts on the line after the closing '---'.
        var bodyStart = frontMatter.Span.End + 1;
        var body = bodyStart >= text.Length ? "" : text[bodyStart..].TrimStart('\r', '\n');
        var firstBody = Math.Min(bodyStart, text.Length);
        while (firstBody < text.Length && text[firstBody] is '\r' or '\n')
        {
            firstBody++;
        }

        var bodyLine = LineAt(text, firstBody).Line;
        CheckPlaceholders(text, bodyStart, diagnostics);
        CheckLinks(document, diagnostics);

        if (!PlaceholderPattern().Matches(text, Math.Min(bodyStart, text.Length)).Any(m => m.Groups["name"].Value == ResultLink))
        {
            diagnostics.Error(bodyLine, 1, "the body must hold {{result-link}}: the message exists to give the prospect their result, e.g. '[See your result]({{result-link}})'");
        }

        if (string.IsNullOrWhiteSpace(body))
        {
            diagnostics.Error(bodyLine, 1, "the message has no body: write it after the front matter");
        }

        return diagnostics.HasErrors || subject is null ? null : new EmailTemplate(relativePath, subject, body, noName);
    }

    /// <summary>Every <c>{{...}}</c> must name a known placeholder; a single-brace one is probably a typo.</summary>
    private static void CheckPlaceholders(string text, int bodyStart, DiagnosticList diagnostics)
    {
        foreach (Match match in PlaceholderPattern().Matches(text))
        {
            var name = match.Groups["name"].Value;
            if (!Placeholders.Contains(name))
            {
                var (line, column) = LineAt(text, match.Index);
                var trimmed = name.Trim().ToLowerInvariant();
                var hint = Placeholders.Contains(trimmed) ? $" (write it as {{{{{trimmed}}}}}, without spaces or capitals)" : "";
                diagnostics.Error(line, column, $"unknown placeholder '{match.Value}'{hint}; the known ones are {string.Join(", ", Placeholders.Select(p => "{{" + p + "}}"))}");
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
            if (Placeholders.Contains(match.Groups["name"].Value))
            {
                var (line, column) = LineAt(text, match.Index);
                diagnostics.Warning(line, column, $"'{match.Value}' is sent as it is written: a placeholder has two braces, {{{match.Value}}}");
            }
        }
    }

    /// <summary>A link's address is <c>{{result-link}}</c> or a full https:// (or mailto:) address: a site path means nothing in a mailbox.</summary>
    private static void CheckLinks(MarkdownDocument document, DiagnosticList diagnostics)
    {
        foreach (var link in document.Descendants<LinkInline>())
        {
            var url = link.Url ?? "";
            if (url == "{{" + ResultLink + "}}")
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

    /// <summary>Makes the message for <paramref name="values"/>. <paramref name="siteName"/> is the name from site.yaml.</summary>
    public RenderedEmail Render(TemplateValues values, string siteName)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(values.ResultLink);
        if (!values.ResultLink.IsAbsoluteUri || (values.ResultLink.Scheme != Uri.UriSchemeHttps && values.ResultLink.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("The result link must be an absolute http(s) address.", nameof(values));
        }

        var name = OneLine(values.ProspectName);
        var plain = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ProspectName] = name.Length > 0 ? name : NoName,
            [Outcome] = OneLine(values.Outcome),
            [Headline] = OneLine(values.Headline),
            [ResultLink] = SafeLink(values.ResultLink),
            [StaffName] = OneLine(values.StaffName),
            [SiteName] = OneLine(siteName),
        };

        var subject = OneLine(Fill(Subject, plain));
        if (subject.Length > MaxSubjectLength)
        {
            subject = Cut(subject, MaxSubjectLength);
        }

        // Text: links read as "label: address"; values go in as they are.
        var textSource = AngleLinkPattern().Replace(Body, m => m.Groups["url"].Value);
        textSource = MarkdownLinkPattern().Replace(textSource, m => $"{m.Groups["label"].Value}: {m.Groups["url"].Value}");
        var text = Fill(textSource, plain).ReplaceLineEndings("\n").TrimEnd() + "\n";

        // HTML: values are escaped as markdown first (so none is read as emphasis, a link or a tag), then
        // the renderer escapes them as HTML. The link goes in as an address where the template has one, and
        // as an autolink where it stands in the text.
        var markdown = AngleLinkPattern().Replace(Body, m => m.Value == "<{{" + ResultLink + "}}>" ? "{{" + ResultLink + "}}" : m.Value);
        markdown = markdown.Replace("](" + "{{" + ResultLink + "}}" + ")", "](" + "\u0001" + ")", StringComparison.Ordinal);
        markdown = PlaceholderPattern().Replace(markdown, m => m.Groups["name"].Value == ResultLink
            ? "<" + plain[ResultLink] + ">"
            : EscapeMarkdown(plain[m.Groups["name"].Value]));
        markdown = markdown.Replace("\u0001", plain[ResultLink], StringComparison.Ordinal);
        var html = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width\">\n<title>")
            .Append(WebUtility.HtmlEncode(subject))
            .Append("</title>\n</head>\n<body style=\"font-family: sans-serif; line-height: 1.5; max-width: 40em;\">\n")
            .Append(Markdown.ToHtml(markdown, Pipeline))
            .Append("</body>\n</html>\n")
            .ToString();
        return new RenderedEmail(subject, text, html);
    }

    private static string Fill(string template, Dictionary<string, string> values) =>
        PlaceholderPattern().Replace(template, m => values.TryGetValue(m.Groups["name"].Value, out var value) ? value : m.Value);

    /// <summary>One line: control characters (line breaks, tabs, NUL) become spaces, runs of spaces one, cut to length.</summary>
    public static string OneLine(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            var next = char.IsControl(c) || c is '\u2028' or '\u2029' || char.IsWhiteSpace(c) ? ' ' : c;
            if (next != ' ' || (builder.Length > 0 && builder[^1] != ' '))
            {
                builder.Append(next);
            }
        }

        var line = builder.ToString().Trim();
        return line.Length > MaxValueLength ? Cut(line, MaxValueLength) : line;
    }

    private static string Cut(string text, int length)
    {
        // Never cut a surrogate pair in half.
        var cut = char.IsHighSurrogate(text[length - 2]) ? length - 2 : length - 1;
        return text[..cut] + "…";
    }

    /// <summary>The link with anything that could end a markdown link or autolink percent-encoded.</summary>
    private static string SafeLink(Uri link)
    {
        var builder = new StringBuilder();
        foreach (var c in link.AbsoluteUri)
        {
            if (c is '(' or ')' or '<' or '>' or '[' or ']' or '\\' or '`' or '"' or '\'' || c <= ' ' || c >= '\u007f')
            {
                foreach (var b in Encoding.UTF8.GetBytes(c.ToString()))
                {
                    builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Every ASCII punctuation character backslash-escaped: CommonMark then reads the value as plain text.</summary>
    private static string EscapeMarkdown(string value)
    {
        var builder = new StringBuilder(value.Length * 2);
        foreach (var c in value)
        {
            if (char.IsAsciiLetterOrDigit(c) || c > '\u007f' || c == ' ')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('\\').Append(c);
            }
        }

        return builder.ToString();
    }

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
