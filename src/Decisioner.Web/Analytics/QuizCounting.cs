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

        if (HttpMethods.IsGet(request.Method))
        {
            var (quiz, isResult) = Find(snapshot, path);
            if (quiz is null)
            {
                return;
            }

            if (!TryFrom(request, quiz, snapshot, out var from))
            {
                return;
            }

            var address = path + request.QueryString.Value;
            if (isResult && from is not { IsQuestion: true })
            {
                // A shared link or a what-if: only presenter mode matters, so the answers are not read. Most
                // result requests take this path, cached or not (docs/performance.md has what reading them cost).
                counter.ResultOpened(quiz, from is { IsResult: true }, QuizAddress.IsPresenter(address));
                return;
            }

            counter.Step(from, new QuizStop(QuizAddress.Parse(quiz, address).Address, isResult));
        }
        else if (HttpMethods.IsPost(request.Method) && path.StartsWith("/api/questionnaires/", StringComparison.Ordinal)
            && path.EndsWith("/recommendation", StringComparison.Ordinal)
            && TryFrom(request, null, snapshot, out var on) && on is { IsResult: true } result)
        {
            // The what-if panel's script asks the API from a result page.
            counter.TriedWhatIf(result.Address);
        }
    }

    /// <summary>
    /// The quiz page this request came from (null when it came from elsewhere), if the Referer names one
    /// of this site's quiz pages; false when it cannot be told, and the request is not counted.
    /// </summary>
    private static bool TryFrom(HttpRequest request, Questionnaire? quiz, ContentSnapshot snapshot, out QuizStop? from)
    {
        from = null;
        if (!Uri.TryCreate(request.Headers[HeaderNames.Referer].ToString(), UriKind.Absolute, out var referer)
            || !string.Equals(referer.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (referer.PathAndQuery == request.Path.Value + request.QueryString.Value)
        {
            // Blazor's enhanced navigation moves the address before it asks for the page: where the
            // visitor came from is unknown. The quiz's own links and its last step avoid it.
            return false;
        }

        var (came, isResult) = Find(snapshot, referer.AbsolutePath);
        if (came is not null && (quiz is null || came == quiz))
        {
            from = new QuizStop(QuizAddress.Parse(came, referer.PathAndQuery).Address, isResult);
        }

        return true;
    }

    /// <summary>The quiz of a quiz or result path (as <see cref="QuizAddress"/> writes them) in this snapshot.</summary>
    private static (Questionnaire? Quiz, bool IsResult) Find(ContentSnapshot snapshot, string path) =>
        QuizAddress.TryReadPath(path, out var id, out var isResult) ? (snapshot.FindQuestionnaire(id), isResult) : (null, false);
}
