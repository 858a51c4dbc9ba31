using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Markdig;

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
/// Makes a message from an <see cref="EmailTemplate"/>: the subject as one line, a plain-text part with links
/// written out, and an HTML part where every value is escaped first as markdown, then as HTML.
/// </summary>
internal static partial class EmailRenderer
{
    // [label](destination) with a destination without spaces, for the text part.
    [GeneratedRegex(@"\[(?<label>[^\]\r\n]+)\]\((?<url>[^)\s]+)\)", RegexOptions.CultureInvariant)]
    private static partial Regex MarkdownLinkPattern();

    [GeneratedRegex(@"<(?<url>\{\{result-link\}\}|https://[^>\s]+)>", RegexOptions.CultureInvariant)]
    private static partial Regex AngleLinkPattern();

    /// <summary>Makes the message from <paramref name="template"/> for <paramref name="values"/> (see <see cref="EmailTemplate.Render"/>).</summary>
    public static RenderedEmail Render(EmailTemplate template, TemplateValues values, string siteName)
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
            [EmailTemplate.ProspectName] = name.Length > 0 ? name : template.NoName,
            [EmailTemplate.Outcome] = OneLine(values.Outcome),
            [EmailTemplate.Headline] = OneLine(values.Headline),
            [EmailTemplate.ResultLink] = SafeLink(values.ResultLink),
            [EmailTemplate.StaffName] = OneLine(values.StaffName),
            [EmailTemplate.SiteName] = OneLine(siteName),
        };

        var subject = OneLine(Fill(template.Subject, plain));
        if (subject.Length > EmailTemplate.MaxSubjectLength)
        {
            subject = Cut(subject, EmailTemplate.MaxSubjectLength);
        }

        // Text: links read as "label: address"; values go in as they are.
        var textSource = AngleLinkPattern().Replace(template.Body, m => m.Groups["url"].Value);
        textSource = MarkdownLinkPattern().Replace(textSource, m => $"{m.Groups["label"].Value}: {m.Groups["url"].Value}");
        var text = Fill(textSource, plain).ReplaceLineEndings("\n").TrimEnd() + "\n";

        // HTML: values are escaped as markdown first (so none is read as emphasis, a link or a tag), then
        // the renderer escapes them as HTML. The link goes in as an address where the template has one, and
        // as an autolink where it stands in the text.
        var markdown = AngleLinkPattern().Replace(template.Body, m => m.Value == "<{{" + EmailTemplate.ResultLink + "}}>" ? "{{" + EmailTemplate.ResultLink + "}}" : m.Value);
        markdown = markdown.Replace("](" + "{{" + EmailTemplate.ResultLink + "}}" + ")", "](" + "\u0001" + ")", StringComparison.Ordinal);
        markdown = EmailTemplate.PlaceholderPattern().Replace(markdown, m => m.Groups["name"].Value == EmailTemplate.ResultLink
            ? "<" + plain[EmailTemplate.ResultLink] + ">"
            : EscapeMarkdown(plain[m.Groups["name"].Value]));
        markdown = markdown.Replace("\u0001", plain[EmailTemplate.ResultLink], StringComparison.Ordinal);
        var html = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width\">\n<title>")
            .Append(WebUtility.HtmlEncode(subject))
            .Append("</title>\n</head>\n<body style=\"font-family: sans-serif; line-height: 1.5; max-width: 40em;\">\n")
            .Append(Markdown.ToHtml(markdown, EmailTemplate.Pipeline))
            .Append("</body>\n</html>\n")
            .ToString();
        return new RenderedEmail(subject, text, html);
    }

    private static string Fill(string template, Dictionary<string, string> values) =>
        EmailTemplate.PlaceholderPattern().Replace(template, m => values.TryGetValue(m.Groups["name"].Value, out var value) ? value : m.Value);

    /// <summary>See <see cref="EmailTemplate.OneLine"/>.</summary>
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
        return line.Length > EmailTemplate.MaxValueLength ? Cut(line, EmailTemplate.MaxValueLength) : line;
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
}
