namespace Decisioner.Web.Desk;

/// <summary>
/// Erases desk sessions older than <see cref="DeskOptions.RetentionDays"/>, hourly, as the audit trail
/// prunes its lines: once at start, then every hour. A database that is away is tried again next hour.
/// </summary>
public sealed partial class DeskRetention(IServiceScopeFactory scopes, TimeProvider time, ILogger<DeskRetention> logger) : BackgroundService
{
    /// <summary>Erases what is due now; returns how many sessions. Public for tests.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellation = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DeskService>().EraseExpiredAsync(cancellation);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var erased = await RunOnceAsync(stoppingToken);
                    if (erased > 0)
                    {
                        LogErased(logger, erased);
                    }
                }
                catch (Exception ex) when (Data.DatabaseFault.Is(ex))
                {
                    // The database being away is reported where it is found (at start, by the counters); this waits for the next hour.
                    LogDatabaseAway(logger);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFailed(logger, ex.GetBaseException().Message);
                }

                await Task.Delay(TimeSpan.FromHours(1), time, stoppingToken);
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

public static class DeskServices
{
    public static IServiceCollection AddAdmissionsDesk(this IServiceCollection services)
    {
        services.AddOptions<DeskOptions>().BindConfiguration(DeskOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<DeskService>();
        services.AddScoped<DeskSending>();
        services.AddSingleton<DeskRetention>();
        services.AddHostedService(s => s.GetRequiredService<DeskRetention>());
        return services;
    }
}
