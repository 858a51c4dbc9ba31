using System.Net;
using Decisioner.Tests;

namespace Decisioner.Web.Tests.Pages;

public sealed class GuidePagesTests : IClassFixture<ShippedSite>
{
    private readonly HttpClient _client;

    public GuidePagesTests(ShippedSite site) => _client = site.Factory.CreateClient();

    [Fact]
    public async Task Home_ListsTheGuidesAndLeadsToTheQuiz()
    {
        var response = await _client.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        html.Should().Contain("<html lang=\"en\">");
        html.Should().Contain("<h1").And.Contain("href=\"/quiz/rag-vs-fine-tuning\"");
        html.Should().Contain("href=\"/guides/rag-vs-fine-tuning\"").And.Contain("href=\"/guides/rag-vs-long-context\"");
        CountOf(html, "<h1").Should().Be(1);
    }

    [Fact]
    public async Task GuideIndex_GroupsEveryGuideByCategory_WithItsReadingTime()
    {
        var html = await _client.GetStringAsync("/guides");

        html.Should().Contain("<h1 tabindex=\"-1\">All guides</h1>");
        html.Should().Contain(">Learning track comparisons</h2>").And.Contain(">Reference</h2>");
        html.IndexOf(">Learning track comparisons</h2>", StringComparison.Ordinal).Should()
            .BeLessThan(html.IndexOf(">Reference</h2>", StringComparison.Ordinal), "categories follow the order of their first guide");
        foreach (var slug in new[] { "rag-vs-fine-tuning", "rag-vs-long-context", "prompt-engineering-vs-fine-tuning", "glossary" })
        {
            html.Should().Contain($"href=\"/guides/{slug}\"");
        }

        html.Should().MatchRegex(@"\d+ min read");
        (await _client.GetStringAsync("/")).Should().Contain("href=\"/guides\"", "the site's navigation leads to the index");
    }

    [Fact]
    public async Task Glossary_GivesEveryTermItsOwnAnchor()
    {
        var html = await _client.GetStringAsync("/guides/glossary");

        foreach (var id in new[] { "retrieval", "few-shot-prompting", "rubric", "output-schema", "latency", "weights", "held-out-set", "parameter-efficient-fine-tuning" })
        {
            html.Should().Contain($"id=\"{id}\"");
        }
    }

    [Fact]
    public async Task Guide_RendersTitleMetadataTableOfContentsTableAndSections()
    {
        var response = await _client.GetAsync("/guides/rag-vs-fine-tuning");
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        html.Should().Contain("<title>RAG vs fine-tuning · Decisioner</title>");
        CountOf(html, "<h1").Should().Be(1);
        html.Should().Contain("<time datetime=\"2026-11-30\">30 November 2026</time>");
        html.Should().Contain("School of Core AI curriculum team").And.Contain("School of Core AI mentor team");
        html.Should().Contain("<nav class=\"toc\"");
        html.Should().Contain("href=\"/guides/rag-vs-fine-tuning#side-by-side\"");
        html.Should().Contain("<table>").And.Contain("Explainability");
        foreach (var id in new[] { "quick-take", "how-to-choose", "where-the-confusion-comes-from", "definitions", "side-by-side",
                     "skills-each-path-builds", "tools-each-path-meets", "projects-each-path-produces", "career-mapping",
                     "course-fit", "related-comparisons", "faq", "author-and-review", "next-step" })
        {
            html.Should().Contain($"<h2 id=\"{id}\">", $"the guide has a '{id}' section");
        }
        html.Should().Contain("class=\"related\"").And.Contain("href=\"/guides/prompt-engineering-vs-fine-tuning\"");
    }

    [Fact]
    public async Task Guide_SectionsAppearInTheBriefsOrder()
    {
        var html = await _client.GetStringAsync("/guides/rag-vs-fine-tuning");

        var order = new[] { "quick-take", "how-to-choose", "where-the-confusion-comes-from", "definitions", "side-by-side", "faq", "author-and-review", "next-step" }
            .Select(id => html.IndexOf($"<h2 id=\"{id}\">", StringComparison.Ordinal));
        order.Should().BeInAscendingOrder();
    }

    [Fact]
    public async Task UnknownSlug_IsARealNotFoundPage()
    {
        var response = await _client.GetAsync("/guides/no-such-guide");
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        html.Should().Contain("We could not find that page");
    }

    [Fact]
    public async Task ContentFolderWithABrokenFile_StillServesTheOtherGuides()
    {
        using var content = TempContent.CopyOfShipped()
            .Write("guides/broken.md", "---\ntitle: [unclosed\n---\n")
            .Write("guides/rag-vs-long-context.md", "no front matter at all\n");
        using var factory = new SiteFactory(content.Root);
        var client = factory.CreateClient();

        (await client.GetAsync("/guides/rag-vs-fine-tuning")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/guides/rag-vs-long-context")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await client.GetAsync("/")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static int CountOf(string text, string value) =>
        (text.Length - text.Replace(value, "", StringComparison.Ordinal).Length) / value.Length;
}
