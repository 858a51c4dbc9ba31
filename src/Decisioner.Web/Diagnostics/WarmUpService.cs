using System.Diagnostics;
using System.Globalization;
using Decisioner.Core.Content;
using Decisioner.Core.Questionnaires;
using Decisioner.Web.Content;
using Decisioner.Web.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Decisioner.Web.Diagnostics;

/// <summary>
/// Once the server listens, requests the hot paths of the site from itself (home, every guide, result
/// pages, a quiz page, the API) in rounds, until a round makes the JIT compile almost nothing new: the
/// code visitors run is then compiled at its final tier, so the first visitors after <c>/health/ready</c>
/// turns 200 are served at nearly the steady rate (measured in docs/performance.md, "Warm before ready").
/// </summary>
public sealed partial class WarmUpService(
    WarmUpState state,
    IOptions<WarmUpOptions> options,
    IOptions<LimitOptions> limits,
    IServer server,
    ContentStore content,
    IHostApplicationLifetime lifetime,
    ILogger<WarmUpService> logger) : BackgroundService
{
    /// <summary>A round after which the runtime recompiles fewer hot methods than this, and compiles fewer new ones than <see cref="QuietCompilations"/>, counts as quiet.</summary>
    internal const int QuietPromotions = 5;

    internal const int QuietCompilations = 20;

    /// <summary>Quiet rounds in a row that end the warm-up.</summary>
    internal const int QuietRounds = 2;

    /// <summary>Requests of each page in a round, four at a time: the runtime promotes a method after 30 calls.</summary>
    private const int PerPage = 32;

    /// <summary>
    /// The pause after each round. The runtime starts counting calls to promote hot methods only once no new
    /// method has been compiled for 100 ms, ten times that on a single core; any new method restarts the wait.
    /// Under steady traffic that quiet moment can take 20 s to come (measured: docs/performance.md), so the
    /// warm-up makes it: a round of requests, then a pause longer than the wait, then the next round's calls are counted.
    /// </summary>
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(2000);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            state.Finish("warm-up switched off (WarmUp:Enabled=false)");
            return;
        }

        if (!await StartedAsync(stoppingToken))
        {
            return;
        }

        var baseAddress = SelfAddress(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);
        if (baseAddress is null)
        {
            // An in-memory test server has no address to call: there is nothing to warm.
            state.Finish("no HTTP address to warm up through");
            return;
        }

        try
        {
            await WarmAsync(baseAddress, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
        {
            // Ready anyway: a warm-up that cannot reach the site must not keep a working site out of the balancer.
            LogStoppedEarly(logger, ex);
            state.Finish("warm-up stopped early: " + ex.Message);
        }
    }

    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task WarmAsync(Uri baseAddress, CancellationToken stoppingToken)
    {
        using var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false };
        using var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Add(WarmUpState.Header, state.Token);

        var pages = Pages(content.Current);
        var questionnaire = content.Current.FindQuestionnaire(QuizContract.QuestionnaireId);
        // The API's rate limit counts these requests against this machine's address: use at most a third of one window.
        var apiBudget = Math.Min(200, limits.Value.ApiPermitLimit / 3);

        using var tiering = new TierUpWatcher();
        var clock = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(options.Value.MaxSeconds);
        int rounds = 0, requests = 0, failures = 0, quiet = 0;
        long totalPromoted = 0;
        var promotedPerRound = new List<long>();
        var compiledPerRound = new List<long>();
        var compiledBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
        while (quiet < QuietRounds && clock.Elapsed < deadline)
        {
            stoppingToken.ThrowIfCancellationRequested();
            rounds++;
            foreach (var page in pages)
            {
                var seed = 0;
                failures += await RequestManyAsync(client, () => new HttpRequestMessage(HttpMethod.Get, page.Invoke(Interlocked.Increment(ref seed))), PerPage, stoppingToken);
                requests += PerPage;
            }

            if (questionnaire is not null && apiBudget > 0)
            {
                var calls = Math.Min(apiBudget, 2 * (PerPage / 4)) / 2;
                apiBudget -= 2 * calls;
                var seed = 0;
                failures += await RequestManyAsync(client, () => Recommendation(questionnaire, Interlocked.Increment(ref seed)), calls, stoppingToken);
                failures += await RequestManyAsync(client, () => new HttpRequestMessage(HttpMethod.Get, "/api/questionnaires/" + questionnaire.Id), calls, stoppingToken);
                requests += 2 * calls;
            }

            // Let the runtime finish compiling what this round made hot, then see how much that was.
            await Task.Delay(Pause, stoppingToken);
            await tiering.IdleAsync(TimeSpan.FromSeconds(2), stoppingToken);
            var promoted = tiering.TakePromoted();
            var compiledNow = System.Runtime.JitInfo.GetCompiledMethodCount();
            var compiled = compiledNow - compiledBefore;
            compiledBefore = compiledNow;
            compiledPerRound.Add(compiled);
            promotedPerRound.Add(promoted);
            totalPromoted += promoted;
            // Quiet only once the runtime has promoted something: before that, a round without new code only means the counting has not begun.
            quiet = totalPromoted > 0 && promoted < QuietPromotions && compiled < QuietCompilations ? quiet + 1 : 0;
            state.Report(string.Create(CultureInfo.InvariantCulture, $"round {rounds}, {promoted} methods recompiled for speed after it"));
        }

        var finished = string.Create(CultureInfo.InvariantCulture,
            $"warmed up in {clock.ElapsedMilliseconds} ms: {rounds} rounds, {requests} requests, {failures} not answered 2xx, methods recompiled after each round: {string.Join(' ', promotedPerRound)}; methods compiled in each round: {string.Join(' ', compiledPerRound)}{(quiet < QuietRounds ? ", stopped at WarmUp:MaxSeconds while code was still compiling" : "")}");
        if (failures > 0 || quiet < QuietRounds)
        {
            LogIncomplete(logger, finished);
        }
        else
        {
            LogWarm(logger, finished);
        }

        state.Finish(finished);
    }

    /// <summary>Sends <paramref name="count"/> requests, four at a time; returns how many were not answered 2xx.</summary>
    private static async Task<int> RequestManyAsync(HttpClient client, Func<HttpRequestMessage> request, int count, CancellationToken cancellationToken)
    {
        var failures = 0;
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (_, token) =>
        {
            using var message = request();
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead, token);
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref failures);
            }
        });
        return failures;
    }

    /// <summary>The pages visitors read most: home, guides, result pages (a few answer sets in turn), a quiz question.</summary>
    private static List<Func<int, string>> Pages(ContentSnapshot snapshot)
    {
        var pages = new List<Func<int, string>> { _ => "/" };
        // Every guide is served by the same code: two, so that more than one page is in the cache.
        pages.AddRange(snapshot.Guides.Take(2).Select(guide => (Func<int, string>)(_ => guide.Path)));
        foreach (var questionnaire in snapshot.Questionnaires.Take(2))
        {
            if (questionnaire.Questions.Count == 0)
            {
                continue;
            }

            var first = questionnaire.Questions[0];
            pages.Add(i => QuizAddress.ResultPath(questionnaire) + "?" + Answers(questionnaire, i));
            pages.Add(_ => QuizAddress.QuizPath(questionnaire) + "?at=" + Uri.EscapeDataString(first.Id));
        }

        return pages;
    }

    /// <summary>One of eight answer sets, picked by <paramref name="seed"/>: every question answered.</summary>
    private static string Answers(Questionnaire questionnaire, int seed) =>
        string.Join('&', questionnaire.Questions.Where(q => q.Options.Count > 0).Select((q, n) =>
            Uri.EscapeDataString(q.Id) + "=" + Uri.EscapeDataString(q.Options[(seed % 8 + n) % q.Options.Count].Id)));

    private static HttpRequestMessage Recommendation(Questionnaire questionnaire, int seed) =>
        new(HttpMethod.Post, "/api/questionnaires/" + questionnaire.Id + "/recommendation")
        {
            Content = JsonContent.Create(new Dictionary<string, Dictionary<string, string>>
            {
                ["answers"] = questionnaire.Questions.Where(q => q.Options.Count > 0)
                    .Select((q, n) => (q.Id, q.Options[(seed % 8 + n) % q.Options.Count].Id))
                    .ToDictionary(p => p.Item1, p => p.Item2),
            }),
        };

    /// <summary>
    /// The first plain-HTTP address the server listens on, as this machine can call it (a wildcard host becomes
    /// loopback). An HTTPS-only site is not warmed: its certificate is for its public name, not for loopback.
    /// </summary>
    internal static Uri? SelfAddress(IEnumerable<string> addresses)
    {
        foreach (var address in addresses)
        {
            // Kestrel reports wildcards as http://[::]:80, http://0.0.0.0:80 or http://+:80.
            var text = address.Replace("://+:", "://localhost:", StringComparison.Ordinal).Replace("://*:", "://localhost:", StringComparison.Ordinal);
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
            {
                continue;
            }

            var host = uri.Host switch
            {
                "0.0.0.0" or "localhost" => "127.0.0.1",
                "[::]" => "[::1]",
                _ => uri.Host,
            };
            return new UriBuilder(uri) { Host = host, Path = "/" }.Uri;
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warm-up stopped early; the site reports ready without it.")]
    private static partial void LogStoppedEarly(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warm-up: {Result}")]
    private static partial void LogIncomplete(ILogger logger, string result);

    [LoggerMessage(Level = LogLevel.Information, Message = "Warm-up: {Result}")]
    private static partial void LogWarm(ILogger logger, string result);
}
