using Bunit;
using Decisioner.Tests;
using Decisioner.Web.Analytics;
using Decisioner.Web.Components.Pages.Quiz;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Decisioner.Web.Tests.Components;

public sealed class QuizPageTests : BunitContext
{
    private const string Quiz = "/quiz/rag-vs-fine-tuning";

    public QuizPageTests()
    {
        var store = TestContentStore.For(TestPaths.Content);
        Services.AddSingleton(store);
        Services.AddSingleton(new QuizCounter(store, TimeProvider.System));
        Services.AddSingleton(Options.Create(new AnalyticsOptions()));
        JSInterop.Mode = JSRuntimeMode.Loose;
        // The page is rendered as it is once its circuit is up.
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private IRenderedComponent<QuizPage> Open(string url)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(url);
        return Render<QuizPage>(p => p.Add(c => c.Id, "rag-vs-fine-tuning"));
    }

    /// <summary>The address the page last wrote with history.replaceState.</summary>
    private string Address => (string)JSInterop.Invocations["decisioner.replaceUrl"][^1].Arguments[0]!;

    [Fact]
    public void Start_ShowsTheIntroAndGoesToTheFirstQuestion()
    {
        var cut = Open(Quiz);
        cut.Find("h1").TextContent.Should().Be("RAG, fine-tuning or both?");

        cut.Find("a.button.primary").Click();

        cut.Find("h1 .step").TextContent.Should().Be(ShippedQuiz.StepHeading(1));
        Address.Should().Be(Quiz + "?at=gap");
    }

    [Fact]
    public void Answering_RecordsTheAnswerInTheAddressAndNextMovesOn()
    {
        var cut = Open(Quiz + "?at=gap");

        cut.Find("input[value=behavior]").Change(true);
        Address.Should().Be(Quiz + "?at=gap&gap=behavior");
        cut.Find("button[type=submit]").TextContent.Should().Be("Next");

        cut.Find("form").Submit();

        cut.Find("h1 .step").TextContent.Should().Be(ShippedQuiz.StepHeading(2));
        Address.Should().Be(Quiz + "?at=facts-in-input&gap=behavior");
    }

    [Fact]
    public void StepsInTheLivePage_AreCounted_WithoutAnyIdentifier()
    {
        var cut = Open(Quiz);
        var counter = Services.GetRequiredService<QuizCounter>();
        counter.Drain().Should().BeEmpty("opening the page is counted where the request arrives, not by the live page");

        cut.Find("a.button.primary").Click();
        cut.Find("input[value=behavior]").Change(true);
        cut.Find("form").Submit();

        var counts = counter.Drain().ToDictionary(c => (c.Metric, c.Key), c => c.Count);
        counts.Should().Equal(new Dictionary<(string, string), long>
        {
            [("start", "")] = 1,
            [("shown", "gap")] = 1,
            [("shown", "facts-in-input")] = 1,
            [("answered", "gap=behavior")] = 1,
            // One session, now stopped at the second question: the first's +1 and -1 cancel out.
            [("drop-off", "facts-in-input")] = 1,
        });
    }

    [Fact]
    public void GoingBack_ShowsThePreviousQuestionWithItsAnswerChecked()
    {
        var cut = Open(Quiz + "?at=facts-in-input&gap=task-skill");

        cut.Find("a.button:not(.primary)").Click();

        cut.Find("h1 .step").TextContent.Should().Be(ShippedQuiz.StepHeading(1));
        cut.Find("input[value=task-skill]").HasAttribute("checked").Should().BeTrue();
        Address.Should().Be(Quiz + "?at=gap&gap=task-skill");
    }

    [Fact]
    public void ChangingAnAnswer_ReplacesTheOldOne()
    {
        var cut = Open(Quiz + "?at=gap&gap=behavior&examples=50-500");

        cut.Find("input[value=both]").Change(true);

        Address.Should().Be(Quiz + "?at=gap&gap=both&examples=50-500");
        cut.Find("input[value=both]").HasAttribute("checked").Should().BeTrue();
        cut.Find("input[value=behavior]").HasAttribute("checked").Should().BeFalse();
    }

    [Fact]
    public void NumberKey_ChoosesThatOption()
    {
        var cut = Open(Quiz + "?at=examples");

        cut.Find("form").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "3" });

        cut.Find("input[value=\"50-500\"]").HasAttribute("checked").Should().BeTrue();
        Address.Should().Be(Quiz + "?at=examples&examples=50-500");
    }

    [Fact]
    public void NumberKey_BeyondTheOptions_DoesNothing()
    {
        var cut = Open(Quiz + "?at=long-tail");

        cut.Find("form").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "9" });

        cut.FindAll("input[type=radio][checked]").Should().BeEmpty();
        JSInterop.Invocations["decisioner.replaceUrl"].Should().BeEmpty();
    }

    [Fact]
    public void LastQuestion_GoesToTheResultWithEveryAnswer()
    {
        var cut = Open(Quiz + "?at=goal&gap=behavior&examples=50-500&presenter=1");

        cut.Find("input[value=adapt-models]").Change(true);
        cut.Find("button[type=submit]").TextContent.Should().Be("See my recommendation");
        cut.Find("form").Submit();

        Services.GetRequiredService<NavigationManager>().Uri
            .Should().EndWith("/quiz/rag-vs-fine-tuning/result?gap=behavior&examples=50-500&goal=adapt-models&presenter=1");
    }

    [Fact]
    public void PresenterMode_TogglesAndStaysInTheAddress()
    {
        var cut = Open(Quiz + "?at=gap");

        cut.Find("a[role=button]").Click();

        cut.Find(".quiz").ClassList.Should().Contain("presenter-mode");
        Address.Should().Be(Quiz + "?at=gap&presenter=1");
    }

    [Fact]
    public void StartOver_ClearsEveryAnswer()
    {
        var cut = Open(Quiz + "?at=examples&gap=behavior&examples=none");

        cut.FindAll("a.tool").Single(a => a.TextContent == "Start over").Click();

        cut.Find("h1").TextContent.Should().Be("RAG, fine-tuning or both?");
        Address.Should().Be(Quiz);
    }

    [Fact]
    public void JunkInTheAddress_IsNamedInANotice()
    {
        var cut = Open(Quiz + "?at=gap&gap=sideways&colour=red");

        cut.Find(".notice").TextContent.Should().Contain("'sideways' is not an answer to 'gap'").And.Contain("'colour' is not a question");
    }
}
