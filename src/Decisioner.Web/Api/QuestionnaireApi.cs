using System.Text.Json;
using Decisioner.Core.Content;
using Decisioner.Core.Questionnaires;
using Decisioner.Core.Scoring;
using Decisioner.Web.Content;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Decisioner.Web.Api;

/// <summary>The public JSON API of the quiz contract. It calls the same engine as the pages.</summary>
public static class QuestionnaireApi
{
    public const string Path = "/api/questionnaires";

    /// <summary>The largest recommendation request accepted; larger bodies get 413.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    private const string Example = "{ \"answers\": { \"gap\": \"behavior\" } }";

    /// <summary>
    /// Request bodies are bound through the generated serializers of <see cref="ApiJsonContext"/>. A body the
    /// framework refuses is answered with problem details (<see cref="UseQuestionnaireApi"/>) in every
    /// environment: Development would otherwise throw it to the developer exception page.
    /// </summary>
    public static IServiceCollection AddQuestionnaireApi(this IServiceCollection services) => services
        .ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default))
        .PostConfigure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = false);

    public static RouteGroupBuilder MapQuestionnaireApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Path);

        // Answers are written with the generated serializers' own options, so their fast path (no metadata
        // walk) is used. Their escaping is the default one: '&', '<', '>' and non-ASCII text as \uXXXX.
        api.MapGet("/", (ContentStore content) =>
            TypedResults.Json(content.Current.Questionnaires.Select(q => new QuestionnaireSummary(q.Id, q.Title)), ApiJsonContext.Default.IEnumerableQuestionnaireSummary));

        api.MapGet("/{id}", Results<JsonHttpResult<QuestionnaireDto>, ProblemHttpResult> (string id, ContentStore content) =>
            content.Current.FindQuestionnaire(id) is { } questionnaire
                ? TypedResults.Json(QuestionnaireDto.From(questionnaire), ApiJsonContext.Default.QuestionnaireDto)
                : NotFound(id));

        api.MapPost("/{id}/recommendation", Recommend)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        return api;
    }

    /// <summary>
    /// The API's part of the pipeline; call it after any other status-code page, so that it answers first.
    /// <list type="bullet">
    /// <item>A body is read as UTF-8 whatever charset its media type names: RFC 8259 defines none for JSON
    /// and says that adding one changes nothing (the framework's reader would otherwise transcode).</item>
    /// <item>What the framework refuses before an endpoint runs leaves an empty response: 400 for a body that
    /// is not JSON of the right shape, 413 for one over <see cref="MaxBodyBytes"/>, 415 for another media
    /// type. These get problem details, as every other error of the API does.</item>
    /// </list>
    /// </summary>
    public static IApplicationBuilder UseQuestionnaireApi(this IApplicationBuilder app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Path), api => api
            .Use((context, next) =>
            {
                if (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type) && type.Charset.HasValue)
                {
                    type.Charset = null;
                    context.Request.ContentType = type.ToString();
                }

                return next(context);
            })
            .UseStatusCodePages(page =>
            {
                var context = page.HttpContext;
                var status = context.Response.StatusCode;
                var (title, detail) = status switch
                {
                    StatusCodes.Status400BadRequest => ("Malformed JSON", $"The body must be a JSON object of answers, such as {Example}."),
                    StatusCodes.Status413PayloadTooLarge => ("Request body too large", $"The body may be at most {MaxBodyBytes} bytes."),
                    StatusCodes.Status415UnsupportedMediaType => ("JSON expected", $"Send the answers as application/json: {Example}."),
                    _ => (null, null), // the framework's title for the status
                };
                return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = { Status = status, Title = title, Detail = detail },
                }).AsTask();
            }));

    /// <summary>
    /// The framework has bound the body (a JSON media type, at most <see cref="MaxBodyBytes"/>, JSON that
    /// fits <see cref="RecommendationRequest"/>); the answers are checked here, so that a problem names its key.
    /// </summary>
    private static Results<JsonHttpResult<RecommendationDto>, ProblemHttpResult> Recommend(string id, [FromBody] RecommendationRequest? body, ContentStore content)
    {
        var snapshot = content.Current;
        if (snapshot.FindQuestionnaire(id) is not { } questionnaire)
        {
            return NotFound(id);
        }

        if (body is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed request", "The body must be a JSON object with an 'answers' object.");
        }

        List<KeyValuePair<string, string?>> pairs;
        try
        {
            if (ReadAnswers(body.Answers, out pairs) is { } problem)
            {
                return problem;
            }
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
        return TypedResults.Json(RecommendationDto.From(recommendation, snapshot.Site), ApiJsonContext.Default.RecommendationDto);
    }

    /// <summary>
    /// Reads <c>answers</c>: absent or null (nothing answered), or an object of option id strings and nulls
    /// (null leaves a question unanswered). Every pair is kept, repeats included, for the parser to judge.
    /// Returns the problem, if any.
    /// </summary>
    private static ProblemHttpResult? ReadAnswers(JsonElement? answers, out List<KeyValuePair<string, string?>> pairs)
    {
        pairs = [];
        if (answers is not { ValueKind: not JsonValueKind.Null } element)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed request", "'answers' must be an object of question id to option id.", "answers");
        }

        foreach (var answer in element.EnumerateObject())
        {
            if (answer.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return Problem(StatusCodes.Status400BadRequest, "Invalid answer",
                    $"The answer to '{Shorten(answer.Name)}' must be an option id string.", answer.Name);
            }

            var option = answer.Value.GetString();
            if (option is "")
            {
                // null leaves a question unanswered; "" is an option id that does not exist.
                return Problem(StatusCodes.Status400BadRequest, "Unknown option",
                    $"'' is not an answer to '{Shorten(answer.Name)}'; use null to leave it unanswered.", answer.Name);
            }

            pairs.Add(new(answer.Name, option));
        }

        return null;
    }

    private static ProblemHttpResult NotFound(string id) =>
        Problem(StatusCodes.Status404NotFound, "Unknown questionnaire", $"There is no questionnaire '{Shorten(id)}'.");

    private static ProblemHttpResult Problem(int status, string title, string detail, string? key = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title,
            extensions: key is null ? null : new Dictionary<string, object?> { ["key"] = Shorten(key) });

    private static string Shorten(string text) => Text.Shorten(text, 100);
}
