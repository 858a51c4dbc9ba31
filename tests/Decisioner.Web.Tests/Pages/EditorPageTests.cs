using System.Net;
using Decisioner.Tests;

namespace Decisioner.Web.Tests.Pages;

public sealed class EditorPageTests
{
    [Fact]
    public async Task Editor_IsOffByDefaultOutsideDevelopment()
    {
        using var site = new SiteFactory();

        (await site.CreateClient().GetAsync("/editor")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Editor_WhenEnabled_ListsEveryFileWithItsStatusAndTheQuizCheck()
    {
        using var content = TempContent.CopyOfShipped().Write("guides/broken.md", "---\ntitle: T\nsummary: S\nupdated: someday\n---\n");
        using var site = new SiteFactory(content.Root, new Dictionary<string, string> { ["Editor:Enabled"] = "true" });

        var html = await site.CreateClient().GetStringAsync("/editor");

        html.Should().Contain("guides/broken.md:4:10").And.Contain("nothing (never loaded without errors)");
        html.Should().Contain("<a href=\"/guides/rag-vs-fine-tuning\">guides/rag-vs-fine-tuning.md</a>");
        html.Should().Contain("questionnaires/rag-vs-fine-tuning.yaml").And.Contain("site.yaml");
        html.Should().Contain("17,006,112 complete answer sets").And.Contain("41 of 41 get their expected outcome, timing and first step");
    }
}
