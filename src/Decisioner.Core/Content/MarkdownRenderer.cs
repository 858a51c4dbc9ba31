using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Extensions.CustomContainers;
using Markdig.Extensions.Yaml;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Decisioner.Core.Content;

/// <summary>One heading in a guide's table of contents.</summary>
public sealed record TocEntry(int Level, string Id, string Text);

/// <summary>A link found in a guide, kept so that validation can check where it leads.</summary>
/// <param name="Text">The link's text as plain text: "as of 2026-11-28" marks a dated figure, with the link as its source.</param>
public sealed record GuideLink(string Url, int Line, int Column, bool IsImage, string Text = "");

/// <summary>What rendering one markdown body produced.</summary>
public sealed record RenderedMarkdown(
    string Html,
    IReadOnlyList<TocEntry> Toc,
    IReadOnlySet<string> HeadingIds,
    IReadOnlyList<GuideLink> Links,
    YamlFrontMatterBlock? FrontMatter);

/// <summary>
/// Turns guide markdown into safe HTML. One pipeline, built once and shared (Markdig pipelines
/// are thread-safe after <c>Build()</c>). Raw HTML is escaped, link and image URLs are allowlisted,
/// generic attributes may set only ids and classes, and in-page <c>#anchor</c> links are made
/// absolute so they survive Blazor's <c>&lt;base href="/"&gt;</c>.
/// </summary>
public static class MarkdownRenderer
{
    /// <summary>The callout names editors may use; besides them, the side-by-side cards and the decision path.</summary>
    public static readonly IReadOnlySet<string> CalloutKinds = new HashSet<string>(StringComparer.Ordinal) { "note", "tip", "warning", "key" };

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseYamlFrontMatter()
        .UsePipeTables()
        .UseCustomContainers()
        .UseEmphasisExtras()
        .UseListExtras()
        .UseDefinitionLists()
        .UseAutoLinks()
        .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
        .DisableHtml()
        // Must come last: it claims '{' after the other extensions have taken their syntax.
        .UseGenericAttributes()
        .Build();

    /// <summary>Renders <paramref name="markdown"/>; <paramref name="pagePath"/> is where the page lives (for <c>#anchor</c> links).</summary>
    public static RenderedMarkdown Render(string markdown, string pagePath, DiagnosticList diagnostics)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        ArgumentNullException.ThrowIfNull(diagnostics);

        var document = Markdown.Parse(markdown, Pipeline);
        var links = new List<GuideLink>();

        foreach (var node in document.Descendants().ToList())
        {
            // Generic attributes: ids and classes only. Everything else ({onclick=...}, {style=...},
            // {href=...}) is dropped, so no event handler or URL can be smuggled in.
            if (node.TryGetAttributes() is { Properties.Count: > 0 } attributes)
            {
                diagnostics.Warning(node.Line + 1, node.Column + 1,
                    $"attribute '{attributes.Properties[0].Key}' is not allowed and was removed (only #id and .class are)");
                attributes.Properties.Clear();
            }
        }

        foreach (var node in document.Descendants().ToList())
        {
            switch (node)
            {
                case LinkInline link:
                    SanitizeLink(link, pagePath, links, diagnostics);
                    break;
                case AutolinkInline autolink:
                    SanitizeAutolink(autolink, pagePath, links, diagnostics);
                    break;
                case HeadingBlock { Level: 1 } heading:
                    diagnostics.Warning(heading.Line + 1, heading.Column + 1,
                        "use '##' for sections: the page title comes from the front matter, and a page has one top heading");
                    heading.Level = 2;
                    break;
                case CustomContainer container:
                    StyleContainer(container, diagnostics);
                    break;
            }
        }

        WarnAboutEmptySections(document, diagnostics);

        var toc = new List<TocEntry>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            var id = heading.GetAttributes().Id;
            if (string.IsNullOrEmpty(id))
            {
                continue;
            }

            ids.Add(id);
            if (heading.Level is 2 or 3)
            {
                toc.Add(new TocEntry(heading.Level, id, PlainText(heading.Inline)));
            }

            if (heading.Inline?.FirstChild is null)
            {
                diagnostics.Warning(heading.Line + 1, heading.Column + 1, "empty heading");
            }
        }

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();

        return new RenderedMarkdown(writer.ToString(), toc, ids, links, document.Descendants<YamlFrontMatterBlock>().FirstOrDefault());
    }

    /// <summary>Renders one line of inline markdown (quiz help texts); the same safety rules apply.</summary>
    public static string RenderInline(string markdown, string pagePath, DiagnosticList diagnostics) =>
        RenderInline(markdown, pagePath, diagnostics, out _);

    /// <summary>As <see cref="RenderInline(string, string, DiagnosticList)"/>, with the links the text holds, for the content check.</summary>
    public static string RenderInline(string markdown, string pagePath, DiagnosticList diagnostics, out IReadOnlyList<GuideLink> links)
    {
        var rendered = Render(markdown, pagePath, diagnostics);
        links = rendered.Links;
        var html = rendered.Html.Trim();
        // A single paragraph is unwrapped so the text can sit inside a label or a <p> of the page.
        return html.StartsWith("<p>", StringComparison.Ordinal) && html.EndsWith("</p>", StringComparison.Ordinal)
            && html.IndexOf("<p>", 3, StringComparison.Ordinal) < 0
            ? html[3..^4]
            : html;
    }

    /// <summary>
    /// Decides whether a URL may appear in a page: <c>http</c>, <c>https</c>, <c>mailto</c>, a site-relative
    /// path (<c>/...</c>) or an in-page anchor (<c>#...</c>). Control characters and whitespace, which browsers
    /// strip before reading the scheme, are removed first, so <c>java&#9;script:</c> is caught too.
    /// </summary>
    public static bool IsAllowedUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return false;
        }

        var cleaned = new string(url.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c)).ToArray());
        if (cleaned.Contains('\\', StringComparison.Ordinal))
        {
            return false; // browsers read '\' as '/', so "/\evil.example" would leave the site
        }

        if (cleaned.StartsWith('#'))
        {
            return true;
        }

        if (cleaned.StartsWith('/'))
        {
            return !cleaned.StartsWith("//", StringComparison.Ordinal);
        }

        var colon = cleaned.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false; // a bare relative path resolves against <base href="/">, not the page: ask for "/..."
        }

        var scheme = cleaned[..colon].ToLowerInvariant();
        return scheme switch
        {
            "http" or "https" => cleaned.AsSpan(colon + 1).StartsWith("//"),
            "mailto" => true,
            _ => false,
        };
    }

    /// <summary>A section heading followed at once by a heading of the same or a higher level has no text.</summary>
    private static void WarnAboutEmptySections(MarkdownDocument document, DiagnosticList diagnostics)
    {
        var blocks = document.Where(b => b is not YamlFrontMatterBlock).ToList();
        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i] is HeadingBlock { Level: 2 or 3 } heading
                && (i == blocks.Count - 1 || blocks[i + 1] is HeadingBlock next && next.Level <= heading.Level))
            {
                diagnostics.Warning(heading.Line + 1, heading.Column + 1, $"empty section '{PlainText(heading.Inline)}': add text or remove the heading");
            }
        }
    }

    private static void SanitizeLink(LinkInline link, string pagePath, List<GuideLink> links, DiagnosticList diagnostics)
    {
        var url = link.GetDynamicUrl?.Invoke() ?? link.Url ?? "";
        link.GetDynamicUrl = null;

        if (!IsAllowedUrl(url))
        {
            diagnostics.Warning(link.Line + 1, link.Column + 1,
                $"{(link.IsImage ? "image" : "link")} '{Shorten(url)}' was removed: use https://, mailto:, a site path such as /guides/slug, or #anchor");
            ReplaceWithChildren(link);
            return;
        }

        links.Add(new GuideLink(url, link.Line + 1, link.Column + 1, link.IsImage, PlainText(link)));
        link.Url = Absolutize(url, pagePath);
    }

    private static void SanitizeAutolink(AutolinkInline autolink, string pagePath, List<GuideLink> links, DiagnosticList diagnostics)
    {
        var url = autolink.IsEmail && !autolink.Url.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)
            ? "mailto:" + autolink.Url
            : autolink.Url;

        if (!IsAllowedUrl(url))
        {
            diagnostics.Warning(autolink.Line + 1, autolink.Column + 1, $"link '{Shorten(url)}' was removed: only https://, mailto: and site paths are allowed");
            autolink.ReplaceBy(new LiteralInline(autolink.Url));
            return;
        }

        links.Add(new GuideLink(url, autolink.Line + 1, autolink.Column + 1, false));
        if (!autolink.IsEmail)
        {
            autolink.Url = Absolutize(url, pagePath);
        }
    }

    private static string Absolutize(string url, string pagePath) =>
        url.StartsWith('#') ? pagePath + url : url;

    private static void ReplaceWithChildren(LinkInline link)
    {
        if (link.IsImage)
        {
            link.ReplaceBy(new LiteralInline(PlainText(link)));
            return;
        }

        // Keep the link's words, drop the link: its children move in front of it, then it goes.
        while (link.FirstChild is { } child)
        {
            child.Remove();
            link.InsertBefore(child);
        }

        link.Remove();
    }

    private static void StyleContainer(CustomContainer container, DiagnosticList diagnostics)
    {
        var kind = container.Info?.Trim() ?? "";
        var attributes = container.GetAttributes();
        attributes.Classes?.Clear();
        if (kind is "cards" or "card")
        {
            attributes.AddClass(kind);
            return;
        }

        // A decision path: boxes in order, joined by arrows drawn in CSS. Screen readers hear a numbered
        // list of steps; the drawing is decoration only, so it needs no script and prints as it shows.
        if (kind is "path" or "step")
        {
            attributes.AddClass(kind);
            attributes.AddProperty("role", kind == "path" ? "list" : "listitem");
            return;
        }

        if (CalloutKinds.Contains(kind))
        {
            attributes.AddClass("callout");
            attributes.AddClass("callout-" + kind);
            attributes.AddProperty("role", "note");
            return;
        }

        diagnostics.Warning(container.Line + 1, container.Column + 1,
            $"unknown box ':::{kind}': use one of {string.Join(", ", CalloutKinds)}, cards, card, path or step");
        attributes.AddClass("callout");
    }

    private static string PlainText(ContainerInline? inline)
    {
        if (inline is null)
        {
            return "";
        }

        var text = new System.Text.StringBuilder();
        foreach (var child in inline.Descendants())
        {
            switch (child)
            {
                case LiteralInline literal:
                    text.Append(literal.Content.ToString());
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
                case LineBreakInline:
                    text.Append(' ');
                    break;
            }
        }

        return text.ToString().Trim();
    }

    private static string Shorten(string text) => Text.Shorten(text, 60);
}
