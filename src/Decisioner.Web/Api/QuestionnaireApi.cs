using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Decisioner.Core.Content;
using Decisioner.Core.Questionnaires;
using Decisioner.Core.Scoring;
using Decisioner.Web.Content;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Decisioner.Web.Api;

/// <summary>The public JSON API of the quiz contract. It calls the same engine as the pages.</summary>
public static class QuestionnaireApi
{
    /// <summary>The largest recommendation request accepted; larger bodies get 413.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 16 };

    public static RouteGroupBuilder MapQuestionnaireApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/questionnaires");

        // Answers are written with the generated serializers' own options, so their fast path (no metadata
        // walk) is used. Their escaping is the default one: '&', '<', '>' and non-ASCII text as \uXXXX.
        api.MapGet("/", (ContentStore content) =>
            TypedResults.Json(content.Current.Questionnaires.Select(q => new QuestionnaireSummary(q.Id, q.Title)), ApiJsonContext.Default.IEnumerableQuestionnaireSummary));

        api.MapGet("/{id}", Results<JsonHttpResult<QuestionnaireDto>, ProblemHttpResult> (string id, ContentStore content) =>
            content.Current.FindQuestionnaire(id) is { } questionnaire
                ? TypedResults.Json(QuestionnaireDto.From(questionnaire), ApiJsonContext.Default.QuestionnaireDto)
                : NotFound(id));

        api.MapPost("/{id}/recommendation", Recommend);
        return api;
    }

    /// <summary>
    /// Reads the body by hand rather than through minimal-API binding. Measured on 2026-11-28 against
    /// binding a record with the generated context (AllowDuplicateProperties = false, request-size
    /// metadata), a complete 14-answer body, 32 connections, two interleaved rounds of three 15 s runs
    /// (docs/performance.md): this path 22,116-24,105 req/s, binding 17,615-21,825 req/s, 13 % more on
    /// average and a lower p99. It also keeps the contract's problem details exact: the offending key
    /// for a wrongly typed answer, "" versus null, a byte order mark, lone surrogates.
    /// </summary>
    private static async Task<Results<JsonHttpResult<RecommendationDto>, ProblemHttpResult>> Recommend(string id, HttpRequest request, ContentStore content)
    {
        var snapshot = content.Current;
        if (snapshot.FindQuestionnaire(id) is not { } questionnaire)
        {
            return NotFound(id);
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"The body may be at most {MaxBodyBytes} bytes.");
        }

        if (!IsJson(request.ContentType))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "JSON expected",
                "Send the answers as application/json: { \"answers\": { \"gap\": \"behavior\" } }.");
        }

        ArraySegment<byte>? body;
        try
        {
            body = await ReadBodyAsync(request);
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's verdict on the body: shorter than its Content-Length (the client hung up), or over
            // the server's size limit. The client's fault either way, and Kestrel's message says which.
            var title = ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "Bad request body";
            return Problem(ex.StatusCode, title, ex.Message);
        }

        if (body is null)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"The body may be at most {MaxBodyBytes} bytes.");
        }

        try
        {
            return RecommendFromJson(body.Value, questionnaire, snapshot.Site);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body.Value.Array!);
        }
    }

    private static Results<JsonHttpResult<RecommendationDto>, ProblemHttpResult> RecommendFromJson(ArraySegment<byte> body, Questionnaire questionnaire, SiteData site)
    {
        JsonDocument document;
        try
        {
            // A UTF-8 byte order mark is not JSON, but some clients send one: skip it.
            var json = body.AsMemory();
            if (json.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                json = json[3..];
            }

            document = JsonDocument.Parse(json, ParseOptions);
        }
        catch (JsonException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed JSON", ex.Message);
        }

        // The document reads the pooled buffer: everything it yields is copied out before it is disposed.
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Problem(StatusCodes.Status400BadRequest, "Malformed request", "The body must be a JSON object with an 'answers' object.");
            }

            List<KeyValuePair<string, string?>> pairs;
            try
            {
                if (ReadAnswers(document.RootElement) is { } problem)
                {
                    return problem;
                }

                pairs = ReadPairs(document.RootElement);
            }
            catch (InvalidOperationException)
            {
                // Text that is not valid Unicode, such as a lone surrogate escape (\ud800).
                return Problem(StatusCodes.Status400BadRequest, "Malformed JSON", "The body holds a string that is not valid Unicode.");
            }

            var parsed = AnswerParser.Parse(questionnaire, pairs);
            if (parsed.Problems.Count > 0)
            {
                var problem = parsed.Problems[0];
                var title = problem.Kind switch
                {
                    AnswerProblemKind.UnknownQuestion => "Unknown question",
                    AnswerProblemKind.UnknownOption => "Unknown option",
                    _ => "Repeated question",
                };
                return Problem(StatusCodes.Status400BadRequest, title, problem.Describe() + ".", problem.Key);
            }

            var recommendation = ScoringEngine.Recommend(parsed.Answers);
            return TypedResults.Json(RecommendationDto.From(recommendation, site), ApiJsonContext.Default.RecommendationDto);
        }
    }

    /// <summary>Checks the shape of <c>answers</c>: null or an object of strings (or nulls). Returns the problem, if any.</summary>
    private static ProblemHttpResult? ReadAnswers(JsonElement root)
    {
        if (!root.TryGetProperty("answers", out var answers) || answers.ValueKind == JsonValueKind.Null)
        {
            return null; // no answers at all: a valid, if empty, request
        }

        if (answers.ValueKind != JsonValueKind.Object)
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed request", "'answers' must be an object of question id to option id.", "answers");
        }

        foreach (var answer in answers.EnumerateObject())
        {
            if (answer.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return Problem(StatusCodes.Status400BadRequest, "Invalid answer",
                    $"The answer to '{Shorten(answer.Name)}' must be an option id string.", answer.Name);
            }

            if (answer.Value.ValueKind == JsonValueKind.String && answer.Value.GetString()!.Length == 0)
            {
                // null leaves a question unanswered; "" is an option id that does not exist.
                return Problem(StatusCodes.Status400BadRequest, "Unknown option",
                    $"'' is not an answer to '{Shorten(answer.Name)}'; use null to leave it unanswered.", answer.Name);
            }
        }

        return null;
    }

    private static List<KeyValuePair<string, string?>> ReadPairs(JsonElement root) =>
        root.TryGetProperty("answers", out var answers) && answers.ValueKind == JsonValueKind.Object
            ? [.. answers.EnumerateObject().Select(a => new KeyValuePair<string, string?>(a.Name, a.Value.GetString()))]
            : [];

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || (contentType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && contentType.Contains("+json", StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// Reads at most <see cref="MaxBodyBytes"/> into a pooled buffer the caller returns; null (and the
    /// buffer already returned) when the body is longer. Chunked bodies have no length up front.
    /// </summary>
    private static async Task<ArraySegment<byte>?> ReadBodyAsync(HttpRequest request)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(request.ContentLength ?? MaxBodyBytes, MaxBodyBytes) + 1);
        var total = 0;
        int read;
        while ((read = await request.Body.ReadAsync(buffer.AsMemory(total))) > 0)
        {
            total += read;
            if (total > MaxBodyBytes)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                return null;
            }

            if (total == buffer.Length)
            {
                // A body longer than its Content-Length said, or a chunked one: grow up to the limit.
                var larger = ArrayPool<byte>.Shared.Rent(MaxBodyBytes + 1);
                buffer.AsSpan(0, total).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }
        }

        return new ArraySegment<byte>(buffer, 0, total);
    }

    private static ProblemHttpResult NotFound(string id) =>
        Problem(StatusCodes.Status404NotFound, "Unknown questionnaire", $"There is no questionnaire '{Shorten(id)}'.");

    private static ProblemHttpResult Problem(int status, string title, string detail, string? key = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title,
            extensions: key is null ? null : new Dictionary<string, object?> { ["key"] = Shorten(key) });

    private static string Shorten(string text) => Text.Shorten(text, 100);
}

public sealed record QuestionnaireSummary(string Id, string Title);

public sealed record OptionDto(string Id, string Text);

public sealed record QuestionDto(string Id, string Text, string Help, string? LearnMore, IReadOnlyList<OptionDto> Options);

public sealed record QuestionnaireDto(string Id, string Title, IReadOnlyList<QuestionDto> Questions)
{
    public static QuestionnaireDto From(Questionnaire questionnaire) =>
        new(questionnaire.Id, questionnaire.Title, [.. questionnaire.Questions.Select(q =>
            new QuestionDto(q.Id, q.Text, q.Help, q.LearnMore, [.. q.Options.Select(o => new OptionDto(o.Id, o.Text))]))]);
}

public sealed record ReasonDto(
    string Kind,
    string Text,
    ScoresDto Effect,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Question,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Option,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Gate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Rule,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? TriggeredBy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? SetAside,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SetAsideBy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? ChangedOutcome,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LearnMore)
{
    public static ReasonDto From(Reason reason) => reason switch
    {
        AnswerReason a => new("answer", a.Text, ScoresDto.From(a.Effect), a.Question.Id, a.Option.Id, null, null, null, null, a.SetAsideBy?.Id, null, a.Question.LearnMore),
        GateReason g => new("gate", g.Text, ScoresDto.From(g.Effect), null, null, g.Gate.Id, null, [.. g.TriggeredBy.Select(q => q.Id)], null, null, g.ChangedOutcome, null),
        SetAsideReason r => new("set-aside", r.Text, ScoresDto.From(r.Effect), null, null, null, r.Rule.Id, [.. r.TriggeredBy.Select(q => q.Id)], [.. r.SetAside.Select(q => q.Id)], null, null, null),
        _ => new("start", reason.Text, ScoresDto.From(reason.Effect), null, null, null, null, null, null, null, null, null),
    };
}

public sealed record ReadinessCheckDto(string Question, string Status, string? Missing);

public sealed record ReadinessDto(bool Ready, IReadOnlyList<ReadinessCheckDto> Checks);

public sealed record PlanStepDto(string Step, string Text, string Why, string? LearnMore);

public sealed record FlipDto(string Question, string Option, string Outcome, string Timing);

public sealed record CourseDto(string Id, string Title, string Url, bool FromGoal);

/// <summary>Points per outcome, written as <c>{ "rag": n, "fine-tuning": n, "both": n }</c>.</summary>
public sealed record ScoresDto(
    [property: JsonPropertyName("rag")] int Rag,
    [property: JsonPropertyName("fine-tuning")] int FineTuning,
    [property: JsonPropertyName("both")] int Both)
{
    public static ScoresDto From(OutcomeScores scores) => new(scores.Rag, scores.FineTuning, scores.Both);
}

/// <summary>The recommendation as the quiz contract (version 2) writes it, plus the headline, margin, clarity and flags.</summary>
public sealed record RecommendationDto(
    string Outcome,
    string Timing,
    string Headline,
    string Sentence,
    ScoresDto Scores,
    int Margin,
    string Clarity,
    IReadOnlyList<ReasonDto> Reasons,
    ReadinessDto Readiness,
    IReadOnlyList<PlanStepDto> Plan,
    IReadOnlyList<FlipDto> Flips,
    IReadOnlyList<string> Flags,
    IReadOnlyList<string> Unanswered,
    CourseDto? Course,
    string ResultUrl)
{
    public static RecommendationDto From(Recommendation r, SiteData site)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(site);
        var questionnaire = r.Answers.Questionnaire;
        var course = r.Course is { } fit && site.FindCourse(fit.CourseId) is { } c ? new CourseDto(c.Id, c.Title, c.Url, fit.FromGoal) : null;
        return new RecommendationDto(
            r.Outcome.Id(),
            r.Timing.Id(),
            r.Headline,
            questionnaire.OutcomeTexts.TryGetValue(r.Outcome, out var info) ? info.Sentence : "",
            ScoresDto.From(r.Scores),
            r.Margin,
            r.Clarity.ToString().ToLowerInvariant(),
            [.. r.Reasons.Select(ReasonDto.From)],
            new ReadinessDto(r.Readiness.IsReady, [.. r.Readiness.Checks.Select(c =>
                new ReadinessCheckDto(c.Question.Id, c.Status.ToString().ToLowerInvariant(), c.Status == ReadinessStatus.Ready ? null : c.Missing))]),
            [.. r.Plan.Select(p => new PlanStepDto(p.Step.Id(), p.Info.Text, p.Why, p.Info.LearnMore))],
            [.. r.Flips.Select(f => new FlipDto(f.Question.Id, f.Option.Id, f.Outcome.Id(), f.Timing.Id()))],
            r.Flags,
            [.. r.Unanswered.Select(q => q.Id)],
            course,
            new QuizAddress(r.Answers).ResultUrl());
    }
}
