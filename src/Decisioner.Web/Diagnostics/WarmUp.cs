using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Decisioner.Core.Content;
using Decisioner.Core.Questionnaires;
using Decisioner.Web.Content;
using Decisioner.Web.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Decisioner.Web.Diagnostics;

/// <summary>The configuration section <c>WarmUp</c>: requests the site makes to itself before it reports ready.</summary>
public sealed class WarmUpOptions
{
    public const string Section = "WarmUp";

    /// <summary>
    /// On by default: a load balancer sends traffic as soon as <c>/health/ready</c> answers 200, and a cold
    /// instance on a busy core serves a quarter of its steady rate for its first half minute (docs/performance.md).
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The warm-up stops after this long even if code is still being compiled, and the site turns ready.</summary>
    [Range(1, 600, ErrorMessage = "WarmUp:MaxSeconds must be between {1} and {2} seconds.")]
    public int MaxSeconds { get; set; } = 60;
}

/// <summary>
/// Where the warm-up is: <c>/health/ready</c> stays 503 until it is done. Its requests carry a header with a
/// token made for this process, so that they are not counted as visitors (<see cref="IsWarmUpRequest"/>).
/// </summary>
public sealed class WarmUpState
{
    public const string Header = "Decisioner-Warm-Up";

    private readonly string _token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private volatile string _status = "not started";
    private volatile bool _done;

    public bool IsDone => _done;

    public string Status => _status;

    internal string Token => _token;

    internal void Report(string status) => _status = status;

    internal void Finish(string status)
    {
        _status = status;
        _done = true;
    }

    /// <summary>True for a request the warm-up made: from this machine, with this process's token.</summary>
    public bool IsWarmUpRequest(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address)
        && context.Request.Headers.TryGetValue(Header, out var sent)
        && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(sent.ToString()), System.Text.Encoding.ASCII.GetBytes(_token));
}

/// <summary>Ready once the warm-up has run (or is switched off, or had no address to call).</summary>
public sealed class WarmUpReadyCheck(WarmUpState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.IsDone
            ? HealthCheckResult.Healthy(state.Status)
            : HealthCheckResult.Unhealthy("warming up: " + state.Status));
}

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

/// <summary>
/// Listens to the runtime's tiered-compilation events: the background compiler's batches of hot methods
/// recompiled at full optimisation.
/// </summary>
internal sealed class TierUpWatcher : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    // The runtime's CompilationKeyword; the background compiler's start and stop events are written at Verbose.
    private const EventKeywords CompilationKeyword = (EventKeywords)0x1000000000;
    private long _promoted;
    private int _running;

    /// <summary>Methods recompiled since the last call.</summary>
    public long TakePromoted() => Interlocked.Exchange(ref _promoted, 0);

    /// <summary>
    /// Waits while the background compiler is working through a batch (at most <paramref name="limit"/>). Methods
    /// still counting their calls wait for more calls, which only the next round brings, so those are not waited for.
    /// </summary>
    public async Task IdleAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < limit && Volatile.Read(ref _running) == 1)
        {
            await Task.Delay(50, cancellationToken);
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeSource)
        {
            EnableEvents(eventSource, EventLevel.Verbose, CompilationKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        switch (eventData.EventName)
        {
            case "TieredCompilationBackgroundJitStart":
                Volatile.Write(ref _running, 1);
                break;
            case "TieredCompilationBackgroundJitStop":
                Interlocked.Add(ref _promoted, Payload(eventData, "JittedMethodCount"));
                Volatile.Write(ref _running, 0);
                break;
        }
    }

    private static long Payload(EventWrittenEventArgs eventData, string name)
    {
        var index = eventData.PayloadNames?.IndexOf(name) ?? -1;
        return index >= 0 && eventData.Payload?[index] is { } value ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : 0;
    }
}

public static class WarmUp
{
    /// <summary>The warm-up, its state and its readiness check (added to the health checks by the caller, tagged ready).</summary>
    public static IServiceCollection AddWarmUp(this IServiceCollection services)
    {
        services.AddOptions<WarmUpOptions>().BindConfiguration(WarmUpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WarmUpState>();
        return services.AddHostedService<WarmUpService>();
    }
}
