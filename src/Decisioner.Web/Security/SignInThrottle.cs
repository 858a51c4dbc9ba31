using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Decisioner.Web.Security;

/// <summary>
/// The limits on posts of the sign-in form: <see cref="LimitOptions.SignInPerAddress"/> per client
/// address and <see cref="LimitOptions.SignInPerAccount"/> per account name, each per
/// <see cref="LimitOptions.SignInWindowSeconds"/>, with the framework's rate limiters
/// (System.Threading.RateLimiting, as the middleware uses). The sign-in page asks before it checks a
/// password, because only the page has the posted email; it answers a refusal itself, with a 429, a
/// <c>Retry-After</c> header and a page in the site's style. Both limits hold for every name, known or not.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<Attempt> _limiter;

    public SignInThrottle(IOptions<LimitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limits = options.Value;
        var window = TimeSpan.FromSeconds(limits.SignInWindowSeconds);
        _limiter = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<Attempt, string>(attempt => RateLimitPartition.GetFixedWindowLimiter(
                attempt.Address, _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.SignInPerAddress, Window = window, QueueLimit = 0 })),
            // A passkey answer posts no name: it has only the limit per address.
            PartitionedRateLimiter.Create<Attempt, string>(attempt => attempt.Account.Length == 0
                ? RateLimitPartition.GetNoLimiter("")
                : RateLimitPartition.GetFixedWindowLimiter(
                    attempt.Account, _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.SignInPerAccount, Window = window, QueueLimit = 0 })));
        Window = window;
    }

    public TimeSpan Window { get; }

    /// <summary>Takes one attempt from both limits; null when it may go ahead, or how long to wait.</summary>
    public TimeSpan? TryAttempt(HttpContext http, string? email)
    {
        ArgumentNullException.ThrowIfNull(http);
        // The name as Identity looks it up, so "A@x.org " and "a@x.org" are one account name.
        var account = http.RequestServices.GetRequiredService<ILookupNormalizer>().NormalizeName((email ?? "").Trim()) ?? "";
        using var lease = _limiter.AttemptAcquire(new Attempt(Limits.ClientKey(http), account));
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero ? retryAfter : Window;
    }

    public void Dispose() => _limiter.Dispose();

    /// <summary>Who is trying (the connection's address) and which account name they post.</summary>
    private readonly record struct Attempt(string Address, string Account);
}
