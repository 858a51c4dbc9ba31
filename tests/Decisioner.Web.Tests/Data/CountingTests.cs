using Decisioner.Core.Analytics;
using Decisioner.Core.Questionnaires;
using Decisioner.Web.Analytics;
using Decisioner.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Decisioner.Web.Tests.Data;

/// <summary>Quiz steps become counters in a real database: SQLite here, PostgreSQL in <see cref="PostgresTests"/>.</summary>
public sealed class CountingTests
{
    [Fact]
    public async Task WithoutScript_EveryStepIsCounted_AndACachedResultCountsLikeARenderedOne()
    {
        using var site = new SiteFactory();
        await CountsWithoutScriptAsync(site);
    }

    [Fact]
    public async Task PresenterSessions_AreCountedApart()
    {
        using var site = new SiteFactory();
        var client = site.CreateClient();
        var quiz = NoScriptQuiz.Quiz(site);

        await NoScriptQuiz.WalkAsync(client, quiz, q => q.Options[0], presenter: true);
        await site.Services.GetRequiredService<QuizCountWriter>().FlushAsync();

        var counts = await ReadAsync(site);
        counts.Should().Contain(c => c.Presenter && c.Metric == QuizFunnel.Completed && c.Count == 1);
        counts.Should().NotContain(c => !c.Presenter);
    }

    [Fact]
    public async Task ResultLinks_OpenedFromElsewhere_AndFromAnotherResult_AreToldApart()
    {
        using var site = new SiteFactory();
        var client = site.CreateClient();
        var result = "/quiz/rag-vs-fine-tuning/result?gap=behavior";

        await NoScriptQuiz.GetAsync(client, result, referer: null);
        await NoScriptQuiz.GetAsync(client, result + "&change-rate=rarely", referer: result);
        await NoScriptQuiz.GetAsync(client, result, referer: "https://elsewhere.example/post");
        await site.Services.GetRequiredService<QuizCountWriter>().FlushAsync();

        var counts = (await ReadAsync(site)).ToDictionary(c => c.Metric, c => c.Count);
        counts.Should().Equal(new Dictionary<string, long> { [QuizFunnel.LinkOpened] = 2, [QuizFunnel.WhatIf] = 1 });
    }

    [Fact]
    public async Task HostileAddresses_CountNothingOddAndBreakNoPage()
    {
        using var site = new SiteFactory();
        var client = site.CreateClient();

        foreach (var url in new[] { "/quiz/rag-vs-fine-tuning?at=%00&gap=%3Cscript%3E", "/quiz/nope/result?gap=x", "/quiz/rag-vs-fine-tuning/result?" + new string('a', 3000) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("Referer", "http://localhost/quiz/rag-vs-fine-tuning?at=%%%");
            ((int)(await client.SendAsync(request)).StatusCode).Should().BeLessThan(500);
        }

        await site.Services.GetRequiredService<QuizCountWriter>().FlushAsync();
        (await ReadAsync(site)).Select(c => c.Key).Should().OnlyContain(k => k.Length < 60 && !k.Contains('<'));
    }

    [Fact]
    public async Task TheFiguresPage_SaysWhenNothingWasCounted_AndShowsFiveSessionsButHidesSmallerFigures()
    {
        using var site = new SiteFactory();
        var admissions = await Staff.StaffSignIn.AsAsync(site, "admissions");
        (await admissions.GetStringAsync("/staff/analytics")).Should().Contain("No sessions were counted in this period.");

        await CountsWithoutScriptAsync(site);
        var html = await admissions.GetStringAsync("/staff/analytics");

        html.Should().NotContain("No sessions were counted");
        html.Should().Contain("<th scope=\"row\">Started the quiz</th><td>5</td>", "five starts are enough to show");
        html.Should().Contain("<th scope=\"row\">Saw their result</th><td>fewer than 5</td>", "three completions are not");
    }

    /// <summary>
    /// Five sessions without script. Two stop at question 3 (one answered the first two, one skipped the
    /// second); three finish with the same answers, so the third and later results come from the page cache.
    /// </summary>
    internal static async Task CountsWithoutScriptAsync(SiteFactory site)
    {
        var client = site.CreateClient();
        var quiz = NoScriptQuiz.Quiz(site);
        await NoScriptQuiz.WalkAsync(client, quiz, q => q.Options[0], stopBefore: 2);
        await NoScriptQuiz.WalkAsync(client, quiz, q => q.Index == 1 ? null : q.Options[0], stopBefore: 2);
        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            last = await NoScriptQuiz.WalkAsync(client, quiz, q => q.Options[^1]);
        }

        last!.Headers.Age.Should().NotBeNull("the last result was served from the page cache, not rendered");
        await site.Services.GetRequiredService<QuizCountWriter>().FlushAsync();

        var counts = (await ReadAsync(site)).Where(c => !c.Presenter).GroupBy(c => (c.Metric, c.Key)).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
        long Get(string metric, string key = "") => counts.GetValueOrDefault((metric, key));
        Get(QuizFunnel.Start).Should().Be(5);
        Get(QuizFunnel.Shown, quiz.Questions[0].Id).Should().Be(5);
        Get(QuizFunnel.Shown, quiz.Questions[2].Id).Should().Be(5);
        Get(QuizFunnel.Shown, quiz.Questions[3].Id).Should().Be(3);
        Get(QuizFunnel.Completed).Should().Be(3, "each finished session is counted, the cached result too");
        Get(QuizFunnel.Answered, $"{quiz.Questions[0].Id}={quiz.Questions[0].Options[0].Id}").Should().Be(2);
        Get(QuizFunnel.Skipped, quiz.Questions[1].Id).Should().Be(1);

        // Formbricks: the first unanswered question after the last answered one. The session that skipped
        // question 2 dropped off there; the other at question 3; finished sessions nowhere.
        Get(QuizFunnel.DropOff, quiz.Questions[1].Id).Should().Be(1);
        Get(QuizFunnel.DropOff, quiz.Questions[2].Id).Should().Be(1);
        counts.Where(c => c.Key.Metric == QuizFunnel.DropOff).Sum(c => c.Value).Should().Be(2);

        var verdict = Core.Scoring.ScoringEngine.Judge(AnswerSet.FromChoices(quiz, quiz.Questions.Select(q => (sbyte)(q.Options.Count - 1)).ToArray()));
        Get(QuizFunnel.OutcomeMetric, verdict.Outcome.Id()).Should().Be(3);
        Get(QuizFunnel.TimingMetric, verdict.Timing.Id()).Should().Be(3);
    }

    internal static async Task<List<QuizCount>> ReadAsync(SiteFactory site)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SiteDbContext>().QuizCounts.AsNoTracking().ToListAsync();
    }
}
