using System.Net;
using System.Text;
using System.Text.Json;
using Decisioner.Core.Questionnaires;
using Decisioner.Tests;

namespace Decisioner.Web.Tests.Api;

public sealed class QuestionnaireApiTests : IClassFixture<ShippedSite>
{
    private const string Recommendation = "/api/questionnaires/rag-vs-fine-tuning/recommendation";
    private readonly HttpClient _client;

    public QuestionnaireApiTests(ShippedSite site) => _client = site.Factory.CreateClient();

    private Task<HttpResponseMessage> PostJson(string json, string url = Recommendation) =>
        _client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<JsonElement> ProblemOf(HttpResponseMessage response, HttpStatusCode status)
    {
        response.StatusCode.Should().Be(status);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var problem = document.RootElement.Clone();
        problem.GetProperty("status").GetInt32().Should().Be((int)status);
        problem.GetProperty("title").GetString().Should().NotBeNullOrEmpty();
        return problem;
    }

    [Fact]
    public async Task List_NamesTheQuestionnaire()
    {
        var json = await _client.GetStringAsync("/api/questionnaires");

        using var document = JsonDocument.Parse(json);
        document.RootElement.EnumerateArray().Should().ContainSingle(e =>
            e.GetProperty("id").GetString() == "rag-vs-fine-tuning" && e.GetProperty("title").GetString()!.Length > 0);
    }

    [Fact]
    public async Task Get_ReturnsQuestionsAndOptionsWithTheContractIds()
    {
        var json = await _client.GetStringAsync("/api/questionnaires/rag-vs-fine-tuning");

        using var document = JsonDocument.Parse(json);
        var questions = document.RootElement.GetProperty("questions").EnumerateArray().ToList();
        questions.Select(q => q.GetProperty("id").GetString()).Should().Equal(
            "gap", "facts-in-input", "change-rate", "long-tail", "sources", "documents", "examples", "target-clarity",
            "evaluation", "prompting", "efficiency", "timeline", "capacity", "goal");
        questions[0].GetProperty("options").EnumerateArray().Select(o => o.GetProperty("id").GetString())
            .Should().Equal("missing-knowledge", "stale-knowledge", "behavior", "task-skill", "both", "unsure");
        questions[0].GetProperty("text").GetString().Should().NotBeNullOrEmpty();
        questions[0].TryGetProperty("help", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Get_UnknownQuestionnaire_Is404ProblemDetails()
    {
        var problem = await ProblemOf(await _client.GetAsync("/api/questionnaires/nope"), HttpStatusCode.NotFound);

        problem.GetProperty("detail").GetString().Should().Contain("nope");
    }

    [Fact]
    public async Task Recommend_BrandVoicePersona_IsFineTuningWithTheFullExplanation()
    {
        var response = await PostJson("""
            { "answers": { "gap": "behavior", "change-rate": "rarely", "long-tail": "little", "target-clarity": "precise",
              "examples": "50-500", "evaluation": "automated", "prompting": "exhausted", "efficiency": "hard-limit",
              "capacity": "managed-service" } }
            """);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var result = document.RootElement;
        result.GetProperty("outcome").GetString().Should().Be("fine-tuning");
        result.GetProperty("timing").GetString().Should().Be("now");
        result.GetProperty("headline").GetString().Should().Be("Fine-tuning: fine-tune and compare with your best prompt");
        var plan = result.GetProperty("plan").EnumerateArray().ToList();
        plan.Select(p => p.GetProperty("step").GetString()).Should().Equal("fine-tune");
        plan[0].GetProperty("text").GetString().Should().NotBeNullOrEmpty();
        plan[0].GetProperty("learnMore").GetString().Should().StartWith("/guides/");
        var scores = result.GetProperty("scores");
        var sums = new Dictionary<string, int> { ["rag"] = 0, ["fine-tuning"] = 0, ["both"] = 0 };
        foreach (var reason in result.GetProperty("reasons").EnumerateArray())
        {
            foreach (var key in sums.Keys.ToList())
            {
                sums[key] += reason.GetProperty("effect").GetProperty(key).GetInt32();
            }
        }
        foreach (var (key, sum) in sums)
        {
            scores.GetProperty(key).GetInt32().Should().Be(sum, $"the reasons add up to the {key} score");
        }

        result.GetProperty("readiness").GetProperty("checks").GetArrayLength().Should().Be(
            ShippedQuiz.Questionnaire.Readiness.Count(r => r.Scope == ReadinessScope.Training), "a fine-tuning result lists the training lines");
        result.GetProperty("flips").EnumerateArray().Should().Contain(f =>
            f.GetProperty("question").GetString() == "sources" && f.GetProperty("option").GetString() == "required"
            && f.GetProperty("outcome").GetString() == "both" && f.GetProperty("timing").GetString() == "now");
        result.GetProperty("flips").EnumerateArray().Should().Contain(f =>
            f.GetProperty("question").GetString() == "examples" && f.GetProperty("option").GetString() == "none"
            && f.GetProperty("outcome").GetString() == "fine-tuning" && f.GetProperty("timing").GetString() == "not-yet");
        result.GetProperty("unanswered").EnumerateArray().Select(e => e.GetString()).Should().BeEquivalentTo("facts-in-input", "sources", "documents", "timeline", "goal");
        result.GetProperty("course").GetProperty("id").GetString().Should().Be("generative-ai-course");
        result.GetProperty("course").GetProperty("url").GetString().Should().NotBeNullOrEmpty();
        result.GetProperty("resultUrl").GetString().Should().StartWith("/quiz/rag-vs-fine-tuning/result?gap=behavior&change-rate=rarely");
    }

    [Fact]
    public async Task Recommend_ContradictoryAnswers_NameTheAnswerSetAside()
    {
        var response = await PostJson("""{ "answers": { "gap": "missing-knowledge", "facts-in-input": "all" } }""");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var result = document.RootElement;
        result.GetProperty("outcome").GetString().Should().Be("rag");
        var setAside = result.GetProperty("reasons").EnumerateArray().Single(r => r.GetProperty("kind").GetString() == "set-aside");
        setAside.GetProperty("rule").GetString().Should().Be("gap-names-knowledge");
        setAside.GetProperty("setAside").EnumerateArray().Select(e => e.GetString()).Should().Equal("facts-in-input");
    }

    [Fact]
    public async Task Recommend_TrainingWaitingOnPrompting_SaysMayNeed_AndNamesTheRuleThatDecided()
    {
        var response = await PostJson("""{ "answers": { "gap": "behavior", "change-rate": "rarely", "examples": "none", "prompting": "not-yet" } }""");

        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var result = document.RootElement;
        var quiz = ShippedQuiz.Questionnaire;
        var tentative = quiz.OutcomeTexts[Outcome.FineTuning].Tentative!;
        result.GetProperty("timing").GetString().Should().Be("not-yet");
        result.GetProperty("trainingWaitsOnPrompting").GetBoolean().Should().BeTrue();
        result.GetProperty("outcomeTitle").GetString().Should().Be(tentative.Title);
        result.GetProperty("sentence").GetString().Should().Be(tentative.Sentence);
        result.GetProperty("headline").GetString().Should().EndWith(tentative.HeadlineEnd);
        result.GetProperty("timingLine").GetString().Should().Be($"{quiz.TimingName(Outcome.FineTuning)}: {quiz.TimingInfo(Outcome.FineTuning, Timing.NotYet).Status}");
        result.GetProperty("timingText").GetString().Should().Be(quiz.TimingInfo(Outcome.FineTuning, Timing.NotYet).PromptingFirstText);
        var decidedBy = result.GetProperty("decidedBy");
        decidedBy.GetProperty("number").GetInt32().Should().Be(QuizPrinciples.BehaviourGapGivesFineTuning.Number);
        decidedBy.GetProperty("statement").GetString().Should().Be(QuizPrinciples.BehaviourGapGivesFineTuning.Statement);
        result.GetProperty("confidence").GetString().Should().StartWith("Decided by a rule");
        result.GetProperty("plan")[0].GetProperty("step").GetString().Should().Be("prompting");
        result.GetProperty("readiness").GetProperty("checks").EnumerateArray()
            .Should().Contain(c => c.GetProperty("question").GetString() == "prompting" && c.GetProperty("status").GetString() == "missing" && c.GetProperty("for").GetString() == "training");
        result.GetProperty("notAsked").GetArrayLength().Should().Be(quiz.NotAsked!.Topics.Count);
    }

    [Fact]
    public async Task Recommend_NoDocuments_IsRagNotYet_StartingWithGatherSources()
    {
        var response = await PostJson("""{ "answers": { "gap": "missing-knowledge", "documents": "none" } }""");

        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var result = document.RootElement;
        result.GetProperty("outcome").GetString().Should().Be("rag");
        result.GetProperty("timing").GetString().Should().Be("not-yet");
        result.GetProperty("plan")[0].GetProperty("step").GetString().Should().Be("gather-sources");
        result.GetProperty("readiness").GetProperty("ready").GetBoolean().Should().BeFalse();
        result.GetProperty("readiness").GetProperty("checks").EnumerateArray().Should().ContainSingle()
            .Which.GetProperty("for").GetString().Should().Be("retrieval");
        result.GetProperty("flips").EnumerateArray().Should().Contain(f =>
            f.GetProperty("question").GetString() == "documents" && f.GetProperty("option").GetString() == "organized" && f.GetProperty("timing").GetString() == "now");
    }

    [Fact]
    public async Task Recommend_EmptyAnswers_IsRag()
    {
        foreach (var body in new[] { "{}", "{\"answers\":{}}", "{\"answers\":null}" })
        {
            var response = await PostJson(body);
            response.StatusCode.Should().Be(HttpStatusCode.OK, body);
            (await response.Content.ReadAsStringAsync()).Should().Contain("\"outcome\":\"rag\"");
        }
    }

    [Fact]
    public async Task Recommend_UnknownQuestionnaire_Is404()
    {
        await ProblemOf(await PostJson("{\"answers\":{}}", "/api/questionnaires/other/recommendation"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("{\"answers\":{\"gapp\":\"behavior\"}}", "gapp", "Unknown question")]
    [InlineData("{\"answers\":{\"gap\":\"behaviour\"}}", "gap", "Unknown option")]
    [InlineData("{\"answers\":{\"examples\":\"lots\"}}", "examples", "Unknown option")]
    [InlineData("{\"answers\":{\"gap\":\"behavior\",\"gap\":\"both\"}}", "gap", "Repeated question")]
    [InlineData("{\"answers\":{\"gap\":\"\"}}", "gap", "Unknown option")]
    [InlineData("{\"answers\":{\"gap\":3}}", "gap", "Invalid answer")]
    [InlineData("{\"answers\":{\"gap\":[\"behavior\"]}}", "gap", "Invalid answer")]
    [InlineData("{\"answers\":[\"gap\"]}", "answers", "Malformed request")]
    public async Task Recommend_BadAnswer_Is400NamingTheKey(string body, string key, string title)
    {
        var problem = await ProblemOf(await PostJson(body), HttpStatusCode.BadRequest);

        problem.GetProperty("key").GetString().Should().Be(key);
        problem.GetProperty("title").GetString().Should().Be(title);
    }

    [Theory]
    [InlineData("{\"answers\":")]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("{\"answers\":{\"gap\":\"behavior\"}} trailing")]
    [InlineData("[1,2,3]")]
    public async Task Recommend_MalformedJson_Is400(string body)
    {
        await ProblemOf(await PostJson(body), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Recommend_DeeplyNestedJson_Is400()
    {
        var body = "{\"answers\":" + new string('[', 5000) + new string(']', 5000) + "}";

        await ProblemOf(await PostJson(body), HttpStatusCode.BadRequest);
    }

    // Bodies over 16 KiB are refused by Kestrel itself (the in-memory test server has no body limit):
    // ApiBodyLimitOnKestrelTests tries them, with and without a Content-Length.

    [Fact]
    public async Task Recommend_BodyOfExactly16KiB_IsAccepted()
    {
        var prefix = "{\"answers\":{\"gap\":\"behavior\"},\"padding\":\"";
        var body = prefix + new string('x', (16 * 1024) - prefix.Length - 2) + "\"}";
        Encoding.UTF8.GetByteCount(body).Should().Be(16 * 1024);

        (await PostJson(body)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Recommend_WrongContentType_Is415(string contentType)
    {
        var response = await _client.PostAsync(Recommendation, new StringContent("{\"answers\":{}}", Encoding.UTF8, contentType));

        await ProblemOf(response, HttpStatusCode.UnsupportedMediaType);
    }
}
