using Bunit;
using Decisioner.Tests;
using Decisioner.Web.Components.Pages.Guides;
using Microsoft.Extensions.DependencyInjection;

namespace Decisioner.Web.Tests.Components;

public sealed class GuidePageTests : BunitContext
{
    private readonly TempContent _content = TempContent.Empty()
        .Write("site.yaml", "name: Test\ncourses:\n  - id: c\n    title: C\n    pitch: P\n    url: /courses#c\n")
        .Write("guides/sample.md", """
            ---
            title: Sample
            summary: A sample guide.
            updated: 2026-05-12
            authors: [Writers]
            reviewers: [Checkers]
            ---

            ## How to choose

            ::::cards
            :::card
            ### Knowledge
            Use RAG.
            :::
            :::card
            ### Behaviour
            Fine-tune.
            :::
            ::::

            :::warning
            Fine-tuning does not teach facts well.
            :::
            """);

    public GuidePageTests()
    {
        var store = TestContentStore.For(_content.Root);
        Services.AddSingleton(store);
    }

    [Fact]
    public void Renders_CardsSideBySideInsideACardsBox()
    {
        var cut = Render<GuidePage>(p => p.Add(c => c.Slug, "sample"));

        var cards = cut.FindAll(".prose .cards > .card");
        cards.Should().HaveCount(2);
        cards[0].QuerySelector("h3")!.TextContent.Should().Be("Knowledge");
        cards[1].QuerySelector("h3")!.TextContent.Should().Be("Behaviour");
    }

    [Fact]
    public void Renders_CalloutAsANoteWithItsKind()
    {
        var cut = Render<GuidePage>(p => p.Add(c => c.Slug, "sample"));

        var callout = cut.Find(".prose .callout");
        callout.ClassList.Should().Contain("callout-warning");
        callout.GetAttribute("role").Should().Be("note");
        callout.TextContent.Should().Contain("does not teach facts well");
    }

    [Fact]
    public void Renders_TheTableOfContentsAndTheReviewInformation()
    {
        var cut = Render<GuidePage>(p => p.Add(c => c.Slug, "sample"));

        cut.FindAll("nav.toc a").Select(a => a.GetAttribute("href"))
            .Should().Equal("/guides/sample#how-to-choose", "/guides/sample#knowledge", "/guides/sample#behaviour");
        cut.Find("h1").TextContent.Should().Be("Sample");
        cut.Find(".guide-meta").TextContent.Should().Contain("Writers").And.Contain("Checkers").And.Contain("12 May 2026");
    }

    protected override void Dispose(bool disposing)
    {
        _content.Dispose();
        base.Dispose(disposing);
    }
}
