using Decisioner.Core.Analytics;
using Decisioner.Core.Content;
using Decisioner.Core.Questionnaires;
using Decisioner.Web.Content;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Decisioner.Web.Analytics;

public static class QuizCounting
{
    public static IServiceCollection AddQuizAnalytics(this IServiceCollection services)
    {
        services.AddOptions<AnalyticsOptions>().BindConfiguration(AnalyticsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<QuizCounter>();
        services.AddSingleton<QuizCountWriter>();
        services.AddHostedService(s => s.GetRequiredService<QuizCountWriter>());
        services.AddScoped<QuizFigures>();
        return services;
    }

    /// <summary>
    /// Counts the quiz pages that arrive as requests: every page without script, the first page with
    /// script, and every result (rendered or served from the page cache). Steps inside a live quiz page
    /// are counted by the page itself. Where the visitor came from is read from the Referer header of
    /// this same site, used for this step and not kept.
    /// </summary>
    public static IApplicationBuilder UseQuizCounting(this IApplicationBuilder app)
    {
        var enabled = app.ApplicationServices.GetRequiredService<IOptions<AnalyticsOptions>>().Value.Enabled;
        if (!enabled)
        {
            return app;
        }

        var counter = app.ApplicationServices.GetRequiredService<QuizCounter>();
        var content = app.ApplicationServices.GetRequiredService<ContentStore>();
        return app.Use(async (context, next) =>
        {
            Count(context, counter, content.Current);
            await next(context);
        });
    }

    private static void Count(HttpContext context, QuizCounter counter, ContentSnapshot snapshot)
    {
        var request = context.Request;
        var path = request.Path.Value;
        if (path is null)
        {
            return;
        }

        if (HttpMethods.IsGet(request.Method) && path.StartsWith("/quiz/", StringComparison.Ordinal))
        {
            var (quiz, isResult) = Find(snapshot, path);
            if (quiz is null)
            {
                return;
            }

            var to = new QuizStop(QuizAddress.Parse(quiz, path + request.QueryString.Value).Address, isResult);
            counter.Step(From(request, quiz, snapshot), to);
        }
        else if (HttpMethods.IsPost(request.Method) && path.StartsWith("/api/questionnaires/", StringComparison.Ordinal)
            && path.EndsWith("/recommendation", StringComparison.Ordinal)
            && From(request, null, snapshot) is { IsResult: true } on)
        {
            // The what-if panel's script asks the API from a result page.
            counter.TriedWhatIf(on.Address);
        }
    }

    /// <summary>The quiz page this request came from, if the Referer names one of this site's quiz pages.</summary>
    private static QuizStop? From(HttpRequest request, Questionnaire? quiz, ContentSnapshot snapshot)
    {
        if (!Uri.TryCreate(request.Headers[HeaderNames.Referer].ToString(), UriKind.Absolute, out var referer)
            || !string.Equals(referer.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var (from, isResult) = Find(snapshot, referer.AbsolutePath);
        if (from is null || (quiz is not null && from != quiz))
        {
            return null;
        }

        return new QuizStop(QuizAddress.Parse(from, referer.PathAndQuery).Address, isResult);
    }

    /// <summary>The quiz of <c>/quiz/{id}</c> or <c>/quiz/{id}/result</c>.</summary>
    private static (Questionnaire? Quiz, bool IsResult) Find(ContentSnapshot snapshot, string path)
    {
        if (!path.StartsWith("/quiz/", StringComparison.Ordinal))
        {
            return (null, false);
        }

        var rest = path.AsSpan("/quiz/".Length);
        var isResult = rest.EndsWith("/result", StringComparison.Ordinal);
        if (isResult)
        {
            rest = rest[..^"/result".Length];
        }

        if (rest.IsEmpty || rest.Contains('/'))
        {
            return (null, false);
        }

        return (snapshot.FindQuestionnaire(rest.ToString()), isResult);
    }
}
