using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Diagnostics.HealthChecks;

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
            // Not ready, but not failing either: degraded is logged as a warning, where unhealthy is logged as an error,
            // and /health/ready answers 503 for both (Program.cs).
            : HealthCheckResult.Degraded("warming up: " + state.Status));
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
