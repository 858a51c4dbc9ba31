using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Decisioner.Web.Security;

/// <summary>The configuration section <c>Limits</c>: how much one client may ask of the site.</summary>
public sealed class LimitOptions
{
    public const string Section = "Limits";

    /// <summary>API requests one client may make per window.</summary>
    public int ApiPermitLimit { get; set; } = 120;

    /// <summary>The API window, in seconds.</summary>
    public int ApiWindowSeconds { get; set; } = 60;

    /// <summary>Interactive quizzes (circuits) one client may have open at once.</summary>
    public int MaxCircuitsPerClient { get; set; } = 20;
}

public static class Limits
{
    public const string ApiPolicy = "api";

    /// <summary>A per-client fixed window on the JSON API; refusals are 429 problem details with Retry-After.</summary>
    public static IServiceCollection AddApiRateLimit(this IServiceCollection services, LimitOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
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
    }

    /// <summary>
    /// Caps the interactive connections (one per open quiz or what-if panel) a client may hold, so one
    /// visitor cannot exhaust the server's memory with circuits. Each circuit holds a WebSocket to
    /// <c>/_blazor</c> for as long as it lives, so counting those requests counts open circuits.
    /// </summary>
    public static IApplicationBuilder UseCircuitCap(this IApplicationBuilder app, LimitOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var open = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        return app.Use(async (context, next) =>
        {
            if (!context.WebSockets.IsWebSocketRequest || !context.Request.Path.StartsWithSegments("/_blazor"))
            {
                await next(context);
                return;
            }

            var client = ClientKey(context);
            if (open.AddOrUpdate(client, 1, (_, n) => n + 1) > limits.MaxCircuitsPerClient)
            {
                Release(open, client);
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                return;
            }

            try
            {
                await next(context);
            }
            finally
            {
                Release(open, client);
            }
        });
    }

    /// <summary>Who is asking. Behind a reverse proxy, configure forwarded headers so this is the visitor, not the proxy.</summary>
    internal static string ClientKey(HttpContext context) =>
        context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static void Release(ConcurrentDictionary<string, int> open, string client)
    {
        var left = open.AddOrUpdate(client, 0, (_, n) => n - 1);
        if (left <= 0)
        {
            open.TryRemove(new KeyValuePair<string, int>(client, left));
        }
    }
}
