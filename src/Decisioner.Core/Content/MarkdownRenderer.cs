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
    YamlFrontMatterBlock? FrontMatter,
    IReadOnlyList<GuideSection> Sections);

/// <summary>A section of a guide as plain text, for search: the text under one <c>h2</c>/<c>h3</c> heading.</summary>
/// <param name="Id">The heading's id, or "" for the text before the first heading.</param>
/// <param name="Heading">The heading's text, or "" before the first heading.</param>
public sealed record GuideSection(string Id, string Heading, string Text);

/// <summary>
/// Turns guide markdown into safe HTML. One pipeline, built once and shared (Markdig pipelines
/// are thread-safe after <c>Build()</c>). Raw HTML is escaped, link and image URLs are allowlisted,
/// generic attributes may set only ids and classes, and links follow <see cref="LinkPolicy"/>. What the
/// headings give (contents, ids, section text) is read by <see cref="MarkdownOutline"/>.
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
                    LinkPolicy.Apply(link, pagePath, links, diagnostics);
                    break;
                case AutolinkInline autolink:
                    LinkPolicy.Apply(autolink, pagePath, links, diagnostics);
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

        var (toc, ids, sections) = MarkdownOutline.Read(document, diagnostics);

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();

        return new RenderedMarkdown(writer.ToString(), toc, ids, links, document.Descendants<YamlFrontMatterBlock>().FirstOrDefault(), sections);
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
}
