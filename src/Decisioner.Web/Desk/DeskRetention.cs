using Decisioner.Web.Data;

namespace Decisioner.Web.Desk;

/// <summary>
/// Erases desk sessions older than <see cref="DeskOptions.RetentionDays"/>, hourly, as the audit trail
/// prunes its lines: once at start, then every hour. With several instances on one database, the one
/// that takes the hour's lease (<see cref="JobLeases"/>) does it. A database that is away is tried again next hour.
/// </summary>
public sealed partial class DeskRetention(IServiceScopeFactory scopes, JobLeases leases, TimeProvider time, ILogger<DeskRetention> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromHours(1);

    /// <summary>Erases what is due if this instance takes this hour's lease; how many sessions, or null when another instance has it.</summary>
    public async Task<int?> RunIfLeasedAsync(CancellationToken cancellation = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SiteDbContext>();
        return await leases.TryTakeAsync(db, JobLeases.DeskRetention, Period, cancellation)
            ? await scope.ServiceProvider.GetRequiredService<DeskErasure>().EraseExpiredAsync(cancellation)
            : null;
    }

    /// <summary>Erases what is due now, lease or not; returns how many sessions. Public for tests.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellation = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DeskErasure>().EraseExpiredAsync(cancellation);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (await RunIfLeasedAsync(stoppingToken) is > 0 and var erased)
                    {
                        LogErased(logger, erased);
                    }
                }
                catch (Exception ex) when (DatabaseFault.Is(ex))
                {
                    // The database being away is reported where it is found (at start, by the counters); this waits for the next hour.
                    LogDatabaseAway(logger);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFailed(logger, ex.GetBaseException().Message);
                }

                await Task.Delay(Period, time, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Erased {Count} admissions desk sessions past their retention period.")]
    private static partial void LogErased(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admissions desk sessions past their retention period could not be erased ({Reason}); trying again in an hour.")]
    private static partial void LogFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admissions desk retention waits for the database; trying again in an hour.")]
    private static partial void LogDatabaseAway(ILogger logger);
}
