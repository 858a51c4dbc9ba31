using System.Globalization;
using System.Net;
using Decisioner.Tests;
using Decisioner.Web.Tests.Staff;

namespace Decisioner.Web.Tests.Pages;

public sealed class EditorPageTests
{
    [Fact]
    public async Task Editor_WithoutSigningIn_SendsToTheSignInPage()
    {
        using var site = new SiteFactory();

        var response = await StaffSignIn.Client(site).GetAsync("/editor");

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().Should().Contain("/account/sign-in?returnUrl=%2Feditor");
    }

    [Fact]
    public async Task Editor_ForAnEditor_ListsEveryFileWithItsStatusAndTheQuizCheck()
    {
        using var content = TempContent.CopyOfShipped().Write("guides/broken.md", "---\ntitle: T\nsummary: S\nupdated: someday\n---\n");
        using var site = new SiteFactory(content.Root);
        var editor = await StaffSignIn.AsAsync(site, "editor");

        var html = await editor.GetStringAsync("/editor");

        html.Should().Contain("guides/broken.md:4:10").And.Contain("nothing (never loaded without errors)");
        html.Should().Contain("<a href=\"/guides/rag-vs-fine-tuning\">guides/rag-vs-fine-tuning.md</a>");
        html.Should().Contain("questionnaires/rag-vs-fine-tuning.yaml").And.Contain("site.yaml");
        var answerSets = ShippedQuiz.CompleteAnswerSets.ToString("N0", CultureInfo.InvariantCulture);
        html.Should().Contain($"{answerSets} complete answer sets")
            .And.Contain($"{ShippedQuiz.PersonaCount} of {ShippedQuiz.PersonaCount} get their expected outcome, timing and first step");
    }
}
