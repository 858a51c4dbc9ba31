using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Decisioner.Web.Security;

/// <summary>
/// The configuration section <c>Limits</c>: how much one client may ask of the site, and the sizes the
/// server accepts. Checked at start: a value out of range stops the site with a message naming its key.
/// </summary>
public sealed class LimitOptions
{
    public const string Section = "Limits";

    /// <summary>API requests one client may make per window.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Limits:ApiPermitLimit must be between {1} and {2}.")]
    public int ApiPermitLimit { get; set; } = 120;

    /// <summary>The API window, in seconds.</summary>
    [Range(1, 86_400, ErrorMessage = "Limits:ApiWindowSeconds must be between {1} and {2} seconds.")]
    public int ApiWindowSeconds { get; set; } = 60;

    /// <summary>
    /// Interactive quizzes (circuits) one client address may have open at once. A classroom or an office
    /// shares one address behind its NAT, so this is set for a room, not a person (docs/reliability.md).
    /// </summary>
    [Range(1, 100_000, ErrorMessage = "Limits:MaxCircuitsPerClient must be between {1} and {2}.")]
    public int MaxCircuitsPerClient { get; set; } = 60;

    /// <summary>
    /// Sign-in attempts (posts of the sign-in form) one client address may make per window. An office or
    /// a school signs in through one address, but each person signs in once a working day, so ten a
    /// minute is never met by people and holds a script to 14,400 guesses a day (docs/reliability.md).
    /// </summary>
    [Range(1, 10_000, ErrorMessage = "Limits:SignInPerAddress must be between {1} and {2}.")]
    public int SignInPerAddress { get; set; } = 10;

    /// <summary>
    /// Sign-in attempts for one account name (the email posted, normalised) per window, from any number of
    /// addresses. Five wrong passwords lock an account anyway; this also holds unknown names to the same pace.
    /// </summary>
    [Range(1, 10_000, ErrorMessage = "Limits:SignInPerAccount must be between {1} and {2}.")]
    public int SignInPerAccount { get; set; } = 5;

    /// <summary>The sign-in window, in seconds.</summary>
    [Range(1, 86_400, ErrorMessage = "Limits:SignInWindowSeconds must be between {1} and {2} seconds.")]
    public int SignInWindowSeconds { get; set; } = 60;

    /// <summary>The largest request body the server reads, in bytes (the API refuses more than 16 KiB on its own).</summary>
    [Range(16 * 1024, 100 * 1024 * 1024, ErrorMessage = "Limits:MaxRequestBodyBytes must be between {1} and {2} bytes.")]
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>All request headers together, in bytes.</summary>
    [Range(4 * 1024, 1024 * 1024, ErrorMessage = "Limits:MaxRequestHeadersTotalBytes must be between {1} and {2} bytes.")]
    public int MaxRequestHeadersTotalBytes { get; set; } = 16 * 1024;

    [Range(10, 1000, ErrorMessage = "Limits:MaxRequestHeaderCount must be between {1} and {2}.")]
    public int MaxRequestHeaderCount { get; set; } = 50;

    /// <summary>The request line (method, path and query), in bytes: long enough for any result link.</summary>
    [Range(2 * 1024, 1024 * 1024, ErrorMessage = "Limits:MaxRequestLineBytes must be between {1} and {2} bytes.")]
    public int MaxRequestLineBytes { get; set; } = 8 * 1024;
}

public static class Limits
{
    public const string ApiPolicy = "api";

    /// <summary>Where interactive circuits connect.</summary>
    public static readonly PathString CircuitPath = "/_blazor";

    /// <summary>Binds and checks <see cref="LimitOptions"/>, and gives Kestrel its size limits from them.</summary>
    public static IServiceCollection AddLimits(this IServiceCollection services)
    {
        services.AddOptions<LimitOptions>().BindConfiguration(LimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<LimitOptions>>((kestrel, options) =>
        {
            var limits = options.Value;
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = limits.MaxRequestHeadersTotalBytes;
            kestrel.Limits.MaxRequestHeaderCount = limits.MaxRequestHeaderCount;
            kestrel.Limits.MaxRequestLineSize = limits.MaxRequestLineBytes;
        });
        services.AddSingleton<SignInThrottle>();
        return services.AddApiRateLimit();
    }

    /// <summary>A per-client fixed window on the JSON API; refusals are 429 problem details with Retry-After.</summary>
    private static IServiceCollection AddApiRateLimit(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<LimitOptions>>((options, limitOptions) =>
        {
            var limits = limitOptions.Value;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;

            // Every connection to /_blazor (a WebSocket, server-sent events or long polling, and the
            // negotiation before it) holds a lease for as long as it is open, so this caps the circuits
            // one client can keep open at once, whatever the transport. A refused visitor keeps the
            // prerendered page, whose quiz works as plain forms.
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Request.Path.StartsWithSegments(CircuitPath)
                    ? RateLimitPartition.GetConcurrencyLimiter(ClientKey(context), _ => new ConcurrencyLimiterOptions
                    {
                        PermitLimit = limits.MaxCircuitsPerClient,
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter(""));
            options.AddPolicy(ApiPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                ClientKey(context),
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.ApiPermitLimit,
                    Window = TimeSpan.FromSeconds(limits.ApiWindowSeconds),
                    QueueLimit = 0,
                }));
            options.OnRejected = async (rejected, cancellation) =>
            {
                if (rejected.HttpContext.Request.Path.StartsWithSegments(CircuitPath))
                {
                    return; // the Blazor client reads the status; the page it came from keeps working without a circuit
                }

                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? (int)Math.Ceiling(retryAfter.TotalSeconds)
                    : limits.ApiWindowSeconds;
                var response = rejected.HttpContext.Response;
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = rejected.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = $"This client has made more than {limits.ApiPermitLimit} API requests in {limits.ApiWindowSeconds} s. Try again in {seconds} s.",
                    },
                });
            };
        });
        return services;
    }

    /// <summary>Who is asking. Behind a reverse proxy, name it in ForwardedHeaders:* (TrustedProxies) so this is the visitor, not the proxy.</summary>
    internal static string ClientKey(HttpContext context) =>
        context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
