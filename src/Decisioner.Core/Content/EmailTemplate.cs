using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;

namespace Decisioner.Core.Content;

/// <summary>
/// The message sent to a prospect with their result, from <c>content/emails/result.md</c>: front matter
/// with the subject, then a markdown body with <c>{{placeholders}}</c>. Loaded with the content (a
/// broken file keeps its last good version) and checked by <c>check</c>. Values are never read as
/// markdown or HTML: in the HTML part they are escaped, in the subject they are one line. What is checked
/// is in <see cref="EmailTemplateChecks"/>, how a message is made in <see cref="EmailRenderer"/>.
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
    internal static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseYamlFrontMatter()
        .UseEmphasisExtras()
        .UsePipeTables()
        .DisableHtml()
        .Build();

    [GeneratedRegex(@"\{\{(?<name>[^{}\r\n]*)\}\}", RegexOptions.CultureInvariant)]
    internal static partial Regex PlaceholderPattern();

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
        if (fields is not null)
        {
            EmailTemplateChecks.Fields(fields, subject, noName);
        }

        // Markdig counts lines from 0; the body starts on the line after the closing '---'.
        var bodyStart = frontMatter.Span.End + 1;
        var body = bodyStart >= text.Length ? "" : text[bodyStart..].TrimStart('\r', '\n');
        EmailTemplateChecks.Placeholders(text, bodyStart, diagnostics);
        EmailTemplateChecks.Links(document, diagnostics);
        EmailTemplateChecks.Body(text, bodyStart, body, diagnostics);
        return diagnostics.HasErrors || subject is null ? null : new EmailTemplate(relativePath, subject, body, noName);
    }

    /// <summary>Makes the message for <paramref name="values"/>. <paramref name="siteName"/> is the name from site.yaml.</summary>
    public RenderedEmail Render(TemplateValues values, string siteName) => EmailRenderer.Render(this, values, siteName);

    /// <summary>One line: control characters (line breaks, tabs, NUL) become spaces, runs of spaces one, cut to length.</summary>
    public static string OneLine(string? value) => EmailRenderer.OneLine(value);
}
