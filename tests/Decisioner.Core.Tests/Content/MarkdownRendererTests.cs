using System.Text.RegularExpressions;
using Decisioner.Core.Content;

namespace Decisioner.Core.Tests.Content;

public sealed class MarkdownRendererTests
{
    private const string PagePath = "/guides/sample";

    private static RenderedMarkdown Render(string markdown, DiagnosticList? diagnostics = null) =>
        MarkdownRenderer.Render(markdown, PagePath, diagnostics ?? new DiagnosticList("guides/sample.md"));

    [Fact]
    public void Render_GivesHeadingsGitHubStyleIds()
    {
        var html = Render("## Quick take\n\n## Where the confusion comes from\n\n## RAG vs. fine-tuning: FAQ?\n").Html;

        html.Should().Contain("<h2 id=\"quick-take\">")
            .And.Contain("<h2 id=\"where-the-confusion-comes-from\">")
            .And.Contain("<h2 id=\"rag-vs-fine-tuning-faq\">");
    }

    [Fact]
    public void Render_BuildsTableOfContentsFromLevelTwoAndThreeHeadings()
    {
        var toc = Render("## One\n\n### One a\n\n#### Too deep\n\n## Two\n").Toc;

        toc.Should().Equal(
            new TocEntry(2, "one", "One"),
            new TocEntry(3, "one-a", "One a"),
            new TocEntry(2, "two", "Two"));
    }

    [Fact]
    public void Render_DuplicateHeadings_GetDistinctIds()
    {
        var ids = Render("## FAQ\n\n## FAQ\n").Toc.Select(t => t.Id);

        ids.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Render_LevelOneHeading_IsDemotedWithAWarning()
    {
        var diagnostics = new DiagnosticList("guides/sample.md");
        var html = Render("# Title again\n\nText.\n", diagnostics).Html;

        html.Should().NotContain("<h1");
        diagnostics.Items.Should().ContainSingle(d => !d.IsError && d.Line == 1);
    }

    [Fact]
    public void Render_InPageAnchor_IsRewrittenToThePagePath()
    {
        var html = Render("## Target\n\nSee [below](#target).\n").Html;

        html.Should().Contain("href=\"/guides/sample#target\"");
        html.Should().NotContain("href=\"#target\"");
    }

    [Theory]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("[x](JaVaScRiPt:alert(1))")]
    [InlineData("[x](java\tscript:alert(1))")]
    [InlineData("[x](&#106;avascript:alert(1))")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("[x](vbscript:msgbox(1))")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("![x](javascript:alert(1))")]
    [InlineData("[x](//evil.example/path)")]
    [InlineData("[x](/\\evil.example)")]
    [InlineData("[x][ref]\n\n[ref]: javascript:alert(1)")]
    public void Render_DisallowedLinkSchemes_ComeOutAsPlainText(string markdown)
    {
        var html = Render(markdown).Html;

        html.Should().NotContainAny("<a ", "<img ", "href=", "src=");
    }

    [Fact]
    public void Render_RemovedLink_IsAWarningAtTheLinkAndKeepsItsWords()
    {
        var diagnostics = new DiagnosticList("guides/sample.md");
        var html = Render("Intro\n\nRead [the docs](javascript:alert(1)) now.\n", diagnostics).Html;

        html.Should().Contain("Read the docs now.");
        diagnostics.Items.Should().ContainSingle()
            .Which.Should().Match<ContentDiagnostic>(d => !d.IsError && d.Line == 3 && d.Column == 6 && d.Message.Contains("removed"));
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("Text <b onclick=\"alert(1)\">bold</b> inline")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    public void Render_RawHtml_IsEscaped(string markdown)
    {
        var html = Render(markdown).Html;

        html.Should().NotContainAny("<script", "<img", "<b ", "<iframe");
        html.Should().Contain("&lt;");
    }

    [Theory]
    [InlineData("## Heading {onclick=alert(1)}")]
    [InlineData("Paragraph\n{onmouseover=\"alert(1)\"}")]
    [InlineData("[link](https://example.org){onclick=alert(1)}")]
    [InlineData("[link](https://example.org){href=javascript:alert(1)}")]
    [InlineData("![img](/a.png){onerror=alert(1)}")]
    [InlineData("## Heading {style=\"position:fixed\"}")]
    public void Render_GenericAttributes_CannotAddEventHandlersOrUrls(string markdown)
    {
        var html = Render(markdown).Html;

        html.ToLowerInvariant().Should().NotContainAny("onclick", "onmouseover", "onerror", "javascript:", "style=");
    }

    /// <summary>Script-injection tricks from the usual lists; none may come out as live markup or a script URL.</summary>
    [Theory]
    [InlineData("[x](javascript&#58;alert(1))")]
    [InlineData("[x](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;:alert(1))")]
    [InlineData("[x](jav&#x09;ascript:alert(1))")]
    [InlineData("[x](java%0ascript:alert(1))")]
    [InlineData("[x](<javascript:alert(1)>)")]
    [InlineData("[x]( javascript:alert(1) )")]
    [InlineData("[x](JAVASCRIPT:alert(1) \"title\")")]
    [InlineData("<JaVaScRiPt:alert(1)>")]
    [InlineData("www.example.org/javascript:alert(1)")]
    [InlineData("[x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)")]
    [InlineData("![x](data:image/svg+xml,<svg onload=alert(1)>)")]
    [InlineData("![x](\"onerror=\"alert(1))")]
    [InlineData("[x](https://ok.example \"\\\" onmouseover=\\\"alert(1)\")")]
    [InlineData("<svg onload=alert(1)>")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>")]
    [InlineData("<style>body{background:url(javascript:alert(1))}</style>")]
    [InlineData("<object data=\"javascript:alert(1)\"></object>")]
    [InlineData("<!-- --><script>alert(1)</script>")]
    [InlineData("```html\n<script>alert(1)</script>\n```")]
    [InlineData("`<img src=x onerror=alert(1)>`")]
    [InlineData("## Title {#x onclick=alert(1)}")]
    [InlineData("## Title {data-x=1 onfocus=alert(1) autofocus}")]
    [InlineData("[x](https://ok.example){target=_blank onclick=alert(1)}")]
    [InlineData(":::note {onclick=alert(1)}\ntext\n:::")]
    [InlineData("::x::{onclick=alert(1)}")]
    [InlineData("| a |\n|---|\n| <img src=x onerror=alert(1)> |")]
    [InlineData("[x]: javascript:alert(1)\n\n[x]")]
    public void Render_InjectionCorpus_ComesOutInert(string markdown)
    {
        var html = Render(markdown.Replace("\\n", "\n", StringComparison.Ordinal)).Html;

        // Read the markup as a browser would: tags and their attributes (Markdig always double-quotes values).
        foreach (Match tag in Regex.Matches(html, "<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>"))
        {
            new[] { "script", "iframe", "svg", "style", "object", "embed", "img", "form", "input" }
                .Should().NotContain(tag.Groups[1].Value.ToLowerInvariant(), html);
            foreach (Match attribute in Regex.Matches(tag.Groups[2].Value, "([^\\s=]+)(?:=\"([^\"]*)\")?"))
            {
                var name = attribute.Groups[1].Value.ToLowerInvariant();
                var value = System.Net.WebUtility.HtmlDecode(attribute.Groups[2].Value);
                name.Should().NotStartWith("on", html).And.NotBe("style", html).And.NotBe("srcdoc", html);
                if (name is "href" or "src" or "action" or "formaction")
                {
                    LinkPolicy.IsAllowedUrl(value).Should().BeTrue($"{name}=\"{value}\" in {html}");
                }
            }
        }
    }

    [Fact]
    public void Render_GenericAttributes_KeepIdAndClass()
    {
        var html = Render("## Heading {#custom .wide}").Html;

        html.Should().Contain("id=\"custom\"").And.Contain("class=\"wide\"");
    }

    [Theory]
    [InlineData("https://arxiv.org/abs/2312.05934")]
    [InlineData("http://example.org")]
    [InlineData("mailto:team@example.org")]
    [InlineData("/guides/other#section")]
    [InlineData("#local")]
    public void IsAllowedUrl_AcceptsTheAllowlist(string url) =>
        LinkPolicy.IsAllowedUrl(url).Should().BeTrue();

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData(" JAVASCRIPT:alert(1)")]
    [InlineData("data:text/html,<script>")]
    [InlineData("vbscript:x")]
    [InlineData("file:///etc/passwd")]
    [InlineData("relative/path")]
    [InlineData("https:evil.example")]
    [InlineData("")]
    public void IsAllowedUrl_RejectsEverythingElse(string url) =>
        LinkPolicy.IsAllowedUrl(url).Should().BeFalse();

    [Fact]
    public void Render_CalloutContainer_BecomesANoteWithItsKind()
    {
        var html = Render(":::tip\nTry the quiz.\n:::\n").Html;

        html.Should().Contain("<div class=\"callout callout-tip\" role=\"note\">").And.Contain("Try the quiz.");
    }

    [Fact]
    public void Render_Cards_NestInsideACardsContainer()
    {
        var html = Render("::::cards\n:::card\n### A\n:::\n:::card\n### B\n:::\n::::\n").Html;

        html.Should().Contain("<div class=\"cards\">");
        html.Split("<div class=\"card\">").Should().HaveCount(3);
    }

    [Fact]
    public void Render_UnknownContainer_IsAWarningAndStillRenders()
    {
        var diagnostics = new DiagnosticList("guides/sample.md");
        var html = Render("\n:::sidebar\nText\n:::\n", diagnostics).Html;

        html.Should().Contain("Text");
        diagnostics.Items.Should().ContainSingle(d => d.Line == 2 && d.Message.Contains("sidebar"));
    }

    [Fact]
    public void Render_PipeTable_BecomesATable()
    {
        var html = Render("| Factor | RAG |\n|---|---|\n| Speed | Fast |\n").Html;

        html.Should().Contain("<table>").And.Contain("<th>Factor</th>").And.Contain("<td>Fast</td>");
    }

    [Fact]
    public void Render_ReportsLinksWithTheirPosition()
    {
        var links = Render("Intro\n\nSee [the guide](/guides/other#x).\n").Links;

        links.Should().ContainSingle().Which.Should().Be(new GuideLink("/guides/other#x", 3, 5, false, "the guide"));
    }

    [Fact]
    public void Render_CutsThePlainTextAtEachContentsHeading()
    {
        var sections = Render("""
            ---
            title: T
            ---
            Before **any** heading, see [the guide](/guides/other).

            ## One &amp; only

            Text with `code`, <https://example.org> and ![a chart](/media/chart.png).

            #### Deeper

            | A | B |
            |---|---|
            | x | y |

            :::note
            ### Inside a note
            Noted.
            :::

            ```
            let a = 1;
            ```
            """).Sections;

        sections.Should().Equal(
            new GuideSection("", "", "Before any heading, see the guide."),
            new GuideSection("one--only", "One & only", "Text with code, https://example.org and . Deeper A B x y"),
            new GuideSection("inside-a-note", "Inside a note", "Noted. let a = 1;"));
    }
}
