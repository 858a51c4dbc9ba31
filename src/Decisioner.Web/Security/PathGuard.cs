using Microsoft.AspNetCore.Http.Features;

namespace Decisioner.Web.Security;

/// <summary>
/// Refuses request paths that try to climb out of a route: dot segments, encoded slashes or dots,
/// backslashes and NUL. Kestrel would normalise "/guides/%2e%2e" into "/" and serve the home page;
/// a visitor who sends that is probing, and gets a plain 400 instead of a page. Refuses too a Host
/// header that names no possible host (a 3,000-letter label, say): the pages build links from it,
/// and the framework throws on one it cannot parse.
/// </summary>
public static class PathGuard
{
    public static IApplicationBuilder UsePathGuard(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
            if (IsSuspicious(raw) || !IsPossibleHost(context.Request.Host))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            await next(context);
        });

    /// <summary>A host name, IPv4 or IPv6 address a URI can carry (with any port), or no Host at all.</summary>
    public static bool IsPossibleHost(HostString host) =>
        !host.HasValue || Uri.CheckHostName(host.Host) != UriHostNameType.Unknown;

    public static bool IsSuspicious(string rawTarget)
    {
        ArgumentNullException.ThrowIfNull(rawTarget);
        // Runs on every request: spans, no allocation.
        var target = rawTarget.AsSpan();
        var query = target.IndexOf('?');
        var path = query < 0 ? target : target[..query];

        if (path.Contains('\\') || path.Contains('\0'))
        {
            return true;
        }

        if (path.Contains("%2e", StringComparison.OrdinalIgnoreCase)
            || path.Contains("%2f", StringComparison.OrdinalIgnoreCase)
            || path.Contains("%5c", StringComparison.OrdinalIgnoreCase)
            || path.Contains("%00", StringComparison.Ordinal)
            || path.Contains("%25", StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var range in path.Split('/'))
        {
            if (path[range] is "." or "..")
            {
                return true;
            }
        }

        return false;
    }
}
