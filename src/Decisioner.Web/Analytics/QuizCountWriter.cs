using Decisioner.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Decisioner.Web.Analytics;

/// <summary>
/// Adds the counts held in memory to the database every <see cref="AnalyticsOptions.FlushSeconds"/>, and
/// once more when the site stops; deletes counters older than the retention hourly (on the instance that
/// takes the hour's lease, <see cref="JobLeases"/>). A failure drops that interval's counts and is logged
/// once, until a write succeeds again.
/// </summary>
public sealed partial class QuizCountWriter(
    QuizCounter counter,
    IServiceScopeFactory scopes,
    JobLeases leases,
    IOptions<AnalyticsOptions> options,
    TimeProvider time,
    ILogger<QuizCountWriter> logger) : BackgroundService
{
    // One flush at a time: the timer's and a caller's (tests, the scripted runs, shutdown) never overlap.
    // Not disposed: the host may dispose this service before it stops it, and a SemaphoreSlim whose wait
    // handle is never asked for holds nothing to release.
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private bool _failing;
    private long _lost;
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    public static readonly TimeSpan PrunePeriod = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.FlushSeconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: the last flush is in StopAsync.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    /// <summary>Writes what is held now. Public for tests and the scripted runs, which need the figures at once.</summary>
    public async Task FlushAsync(CancellationToken cancellation = default)
    {
        await _flushing.WaitAsync(CancellationToken.None);
        try
        {
            await FlushOnceAsync(cancellation);
        }
        finally
        {
            _flushing.Release();
        }
    }

    private async Task FlushOnceAsync(CancellationToken cancellation)
    {
        var counts = counter.Drain();
        try
        {
            if (counts.Count > 0)
            {
                await WriteAsync(counts, cancellation);
            }

            await PruneAsync(cancellation);
            if (_failing)
            {
                _failing = false;
                LogResumed(logger, _lost);
                _lost = 0;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            _lost += counts.Sum(c => Math.Abs(c.Count));
            if (!_failing)
            {
                _failing = true;
                LogFailing(logger, ex.Message);
            }
        }
    }

    private async Task WriteAsync(List<QuizCount> counts, CancellationToken cancellation)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SiteDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellation);
        // Every instance writes its rows in one order (the key's), so two instances adding to the same
        // counters at once wait for each other row by row instead of deadlocking and losing a batch.
        foreach (var c in counts.OrderBy(c => c.Day).ThenBy(c => c.Quiz, StringComparer.Ordinal).ThenBy(c => c.Version, StringComparer.Ordinal)
            .ThenBy(c => c.Presenter).ThenBy(c => c.Metric, StringComparer.Ordinal).ThenBy(c => c.Key, StringComparer.Ordinal))
        {
            // One statement for both engines: SQLite (3.24+) and PostgreSQL both have ON CONFLICT ... DO UPDATE.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "QuizCounts" ("Day", "Quiz", "Version", "Presenter", "Metric", "Key", "Count")
                VALUES ({c.Day}, {c.Quiz}, {c.Version}, {c.Presenter}, {c.Metric}, {c.Key}, {c.Count})
                ON CONFLICT ("Day", "Quiz", "Version", "Presenter", "Metric", "Key")
                DO UPDATE SET "Count" = "QuizCounts"."Count" + excluded."Count"
                """, cancellation);
        }

        await transaction.CommitAsync(cancellation);
    }

    private async Task PruneAsync(CancellationToken cancellation)
    {
        var now = time.GetUtcNow();
        if (now - _lastPrune < PrunePeriod)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SiteDbContext>();
        if (await leases.TryTakeAsync(db, JobLeases.CounterPruning, PrunePeriod, cancellation))
        {
            var oldest = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-options.Value.RetentionDays);
            await db.QuizCounts.Where(c => c.Day < oldest).ExecuteDeleteAsync(cancellation);
        }

        _lastPrune = now;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Quiz counts cannot be written to the database ({Reason}). Pages are served as usual; counts are dropped until it is back. (Logged once.)")]
    private static partial void LogFailing(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Quiz counts are written to the database again; {Lost} counts were dropped while it could not be reached.")]
    private static partial void LogResumed(ILogger logger, long lost);
}
