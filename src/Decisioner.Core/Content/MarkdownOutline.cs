using System.Text;
using Markdig.Extensions.Yaml;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Decisioner.Core.Content;

/// <summary>
/// What a parsed guide's headings give: the table of contents, the heading ids links may point to, the
/// text of each section for search, and warnings about empty headings and sections. Read from Markdig's
/// syntax tree after the renderer has fixed it up, with the ids the page's HTML will carry.
/// </summary>
internal static class MarkdownOutline
{
    public static (List<TocEntry> Toc, HashSet<string> Ids, List<GuideSection> Sections) Read(MarkdownDocument document, DiagnosticList diagnostics)
    {
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

        return (toc, ids, Sections(document));
    }

    /// <summary>The words of an inline (a heading, a link), for the table of contents and the link list.</summary>
    public static string PlainText(ContainerInline? inline)
    {
        if (inline is null)
        {
            return "";
        }

        var text = new StringBuilder();
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

    /// <summary>
    /// The page's text cut at its <c>h2</c>/<c>h3</c> headings that have an id (the table of contents'
    /// entries, wherever they are nested), as a reader sees it, with whitespace collapsed. The first
    /// section has no id: it is the text before the first heading. Left out, as on the page: the front
    /// matter, link definitions and image descriptions (shown only when an image fails to load).
    /// </summary>
    private static List<GuideSection> Sections(MarkdownDocument document)
    {
        var sections = new List<GuideSection>();
        var text = new PlainTextWriter();
        string id = "", heading = "";

        void Visit(Block block)
        {
            switch (block)
            {
                case YamlFrontMatterBlock or LinkReferenceDefinition:
                    break;
                case HeadingBlock { Level: 2 or 3 } next when next.GetAttributes().Id is { Length: > 0 } nextId:
                    sections.Add(new GuideSection(id, heading, text.Take()));
                    text.Write(next.Inline);
                    (id, heading) = (nextId, text.Take());
                    break;
                case LeafBlock { Inline: { } inline }:
                    text.Write(inline);
                    text.Break();
                    break;
                case LeafBlock leaf:
                    // Code blocks: their lines as written.
                    for (var i = 0; i < leaf.Lines.Count; i++)
                    {
                        text.Write(leaf.Lines.Lines[i].Slice.AsSpan());
                        text.Break();
                    }

                    break;
                case ContainerBlock container:
                    foreach (var child in container)
                    {
                        Visit(child);
                    }

                    break;
            }
        }

        Visit(document);
        sections.Add(new GuideSection(id, heading, text.Take()));
        return sections;
    }

    /// <summary>Plain text with every run of whitespace, and every break between blocks, as one space.</summary>
    private sealed class PlainTextWriter
    {
        private readonly StringBuilder _text = new();
        private bool _space;

        public void Break() => _space = true;

        public void Write(ReadOnlySpan<char> chars)
        {
            foreach (var c in chars)
            {
                if (char.IsWhiteSpace(c))
                {
                    _space = true;
                    continue;
                }

                if (_space && _text.Length > 0)
                {
                    _text.Append(' ');
                }

                _space = false;
                _text.Append(c);
            }
        }

        public void Write(Inline? inline)
        {
            switch (inline)
            {
                case LinkInline { IsImage: true }:
                    break;
                case LiteralInline literal:
                    Write(literal.Content.AsSpan());
                    break;
                case CodeInline code:
                    Write(code.Content);
                    break;
                case HtmlEntityInline entity:
                    Write(entity.Transcoded.AsSpan());
                    break;
                case AutolinkInline autolink:
                    Write(autolink.Url);
                    break;
                case LineBreakInline:
                    Break();
                    break;
                case ContainerInline container:
                    for (var child = container.FirstChild; child is not null; child = child.NextSibling)
                    {
                        Write(child);
                    }

                    break;
            }
        }

        public string Take()
        {
            var text = _text.ToString();
            _text.Clear();
            _space = false;
            return text;
        }
    }
}
