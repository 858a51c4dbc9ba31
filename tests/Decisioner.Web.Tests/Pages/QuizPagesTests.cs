using System.Net;
using System.Text.RegularExpressions;
using Decisioner.Core.Questionnaires;
using Decisioner.Tests;

namespace Decisioner.Web.Tests.Pages;

public sealed partial class QuizPagesTests : IClassFixture<ShippedSite>
{
    private readonly HttpClient _client;

    public QuizPagesTests(ShippedSite site) => _client = site.Factory.CreateClient();

    [Fact]
    public async Task Result_ForThClinicalPersona_ShowsBothWithScoresReasonsReadinessAndCourse()
    {
        var html = await _client.GetStringAsync("/quiz/rag-vs-fine-tuning/result?gap=both&change-rate=yearly&long-tail=mostly&sources=required&documents=organized&examples=over-500&target-clarity=precise&evaluation=automated&capacity=own-infrastructure");

        html.Should().Contain("<h1 tabindex=\"-1\">RAG and fine-tuning, confirm readiness first: set up retrieval, then push prompting as far as it goes; fine-tune only if it falls short</h1>");
        html.Should().Contain(WebUtility.HtmlEncode(ShippedQuiz.Questionnaire.OutcomeTexts[Outcome.Both].Tentative!.Sentence));
        html.Should().Contain("What to do, in order").And.Contain("class=\"plan-step step-retrieval\"").And.Contain("class=\"plan-step step-fine-tune\"");
        html.Should().Contain("How the three options scored").And.Contain("class=\"score-bars\"");
        html.Should().Contain("Why: answer by answer").And.Contain("Rare or private facts:</strong> Mostly");
        html.Should().Contain("What would change this");
        html.Should().Contain("id=\"readiness-title\"").And.Contain("check-ready");
        html.Should().Contain("The course that fits").And.Contain("Generative AI course");
        html.Should().Contain("href=\"/guides/rag-vs-fine-tuning#how-to-choose\"");
        html.Should().NotContain("class=\"notice\"");
    }

    [Fact]
    public async Task Result_NoDocuments_SaysWhenToStartBuilding_AndGathersSourcesFirst()
    {
        var quiz = ShippedQuiz.Questionnaire;
        var html = await _client.GetStringAsync("/quiz/rag-vs-fine-tuning/result?gap=missing-knowledge&documents=none&presenter=1");

        html.Should().Contain(WebUtility.HtmlEncode($"{quiz.TimingName(Outcome.Rag)}: {quiz.TimingInfo(Outcome.Rag, Timing.NotYet).Status}"));
        html.Should().Contain(WebUtility.HtmlEncode(quiz.TimingInfo(Outcome.Rag, Timing.NotYet).Text));
        html.Should().MatchRegex("<ol class=\"plan-steps\">\\s*<li class=\"plan-step step-gather-sources\"");
        html.Should().Contain("presenter-mode");
    }

    [Fact]
    public async Task Result_Foot_ListsWhatTheQuizDoesNotAsk_FromContent_WithItsGuideLinks()
    {
        var notAsked = ShippedQuiz.Questionnaire.NotAsked!;
        var html = await _client.GetStringAsync("/quiz/rag-vs-fine-tuning/result?gap=behavior");

        html.Should().Contain(WebUtility.HtmlEncode(notAsked.Title));
        foreach (var topic in notAsked.Topics)
        {
            html.Should().Contain(WebUtility.HtmlEncode(topic.Text));
            if (topic.LearnMore is { } link)
            {
                html.Should().Contain($"{WebUtility.HtmlEncode(topic.Text)} <a href=\"{link}\"", "the link is a word apart from the sentence, for screen readers too");
            }
        }
    }

    [Fact]
    public async Task Result_DecidedByARule_NamesTheRule_AndKeepsTheScores()
    {
        var html = await _client.GetStringAsync("/quiz/rag-vs-fine-tuning/result?gap=missing-knowledge&change-rate=monthly");

        html.Should().Contain(WebUtility.HtmlEncode(QuizPrinciples.KnowledgeGapGivesRag.Statement));
        html.Should().Contain("class=\"score-bars\"");
    }

    [Fact]
    public async Task Result_JunkInTheLink_IsIgnoredAndNamedInANotice()
    {
        var response = await _client.GetAsync("/quiz/rag-vs-fine-tuning/result?gap=behavior&colour=blue&examples=loads&gap=both&%3Cscript%3E=1&sources=");
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        html.Should().Contain("class=\"notice\"");
        html.Should().Contain("&#x27;colour&#x27; is not a question of this quiz");
        html.Should().Contain("&#x27;loads&#x27; is not an answer to &#x27;examples&#x27;");
        html.Should().Contain("&#x27;gap&#x27; was given more than once");
        html.Should().Contain("&lt;script&gt;").And.NotContain("<script>=");
        html.Should().Contain("Wrong style, tone or output format");
    }

    [Fact]
    public async Task Result_WithHundredsOfJunkKeys_NamesTheFirstFewAndCountsTheRest()
    {
        var query = string.Join('&', Enumerable.Range(0, 300).Select(i => $"junk{i}=x"));

        var response = await _client.GetAsync("/quiz/rag-vs-fine-tuning/result?gap=behavior&" + query);
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        html.Should().Contain("&#x27;junk19&#x27; is not a question").And.NotContain("&#x27;junk20&#x27;");
        html.Should().Contain("and 280 more");
    }

    [Fact]
    public async Task Result_UnknownQuestionnaire_Is404()
    {
        (await _client.GetAsync("/quiz/other/result?gap=behavior")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _client.GetAsync("/quiz/other")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Quiz_WithoutJavaScript_WalksFromStartToResultThroughGetForms()
    {
        var html = await _client.GetStringAsync("/quiz/rag-vs-fine-tuning");
        var url = Href(html, "Start the quiz");

        var answers = new Dictionary<string, string>
        {
            ["gap"] = "behavior",
            ["change-rate"] = "rarely",
            ["long-tail"] = "little",
            ["target-clarity"] = "precise",
            ["examples"] = "50-500",
            ["evaluation"] = "automated",
            ["prompting"] = "exhausted",
            ["efficiency"] = "hard-limit",
            ["capacity"] = "managed-service",
        };

        for (var step = 1; step <= ShippedQuiz.QuestionCount; step++)
        {
            html = await _client.GetStringAsync(url);
            html.Should().Contain(ShippedQuiz.StepHeading(step));

            // Submit the form as a browser without JavaScript would: its fields plus the chosen radio.
            var form = FormRegex().Match(html);
            form.Success.Should().BeTrue();
            var fields = HiddenRegex().Matches(form.Value).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();
            var question = RadioRegex().Match(form.Value).Groups[1].Value;

            // Without a live connection the button cannot follow the choice: it must read right either way.
            form.Value.Should().NotContain(">Skip<").And.Contain(step == ShippedQuiz.QuestionCount ? ">See my recommendation<" : ">Next<");
            if (answers.TryGetValue(question, out var option))
            {
                form.Value.Should().Contain($"value=\"{option}\"");
                fields.Add((question, option));
            }

            url = WebUtility.HtmlDecode(form.Groups[1].Value) + "?" + string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Item1)}={Uri.EscapeDataString(WebUtility.HtmlDecode(f.Item2))}"));
        }

        url.Should().StartWith("/quiz/rag-vs-fine-tuning/result?");
        html = await _client.GetStringAsync(url);
        html.Should().Contain("<h1 tabindex=\"-1\">Fine-tuning: fine-tune and compare with your best prompt</h1>");
    }

    [Fact]
    public async Task Quiz_Reload_ResumesAtTheSameQuestionWithEveryAnswer()
    {
        var html = await _client.GetStringAsync("/quiz/rag-vs-fine-tuning?at=examples&gap=behavior&change-rate=daily&presenter=1");

        var step = ShippedQuiz.StepOf("examples");
        html.Should().Contain(ShippedQuiz.StepHeading(step));
        html.Should().Contain("name=\"gap\" value=\"behavior\"").And.Contain("name=\"change-rate\" value=\"daily\"");
        html.Should().Contain("presenter-mode");
        html.Should().Contain($"href=\"/quiz/rag-vs-fine-tuning?at={ShippedQuiz.QuestionAt(step - 1)}&amp;gap=behavior&amp;change-rate=daily&amp;presenter=1\"");
    }

    [Fact]
    public async Task Quiz_ChosenAnswer_IsCheckedWhenComingBack()
    {
        var html = await _client.GetStringAsync("/quiz/rag-vs-fine-tuning?at=gap&gap=task-skill");

        html.Should().MatchRegex("value=\"task-skill\"[^>]*checked");
    }

    private static string Href(string html, string text)
    {
        var match = Regex.Match(html, "href=\"([^\"]+)\"[^>]*>\\s*" + Regex.Escape(text));
        match.Success.Should().BeTrue($"a link '{text}' exists");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("<form class=\"quiz-form\" method=\"get\" action=\"([^\"]+)\"[\\s\\S]*?</form>")]
    private static partial Regex FormRegex();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenRegex();

    [GeneratedRegex("<input type=\"radio\"[^>]*name=\"([^\"]+)\"")]
    private static partial Regex RadioRegex();
}
