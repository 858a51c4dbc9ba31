using Decisioner.Web.Data;

namespace Decisioner.Web.Editing;

/// <summary>
/// One publish at a time across every instance that shares the content folder and the database. Each instance
/// already publishes one file at a time; this lease (a <see cref="JobLeases"/> row) extends that to the others, so
/// a second instance checks the file's hash only after the first has written it, and sees the conflict instead
/// of overwriting it. Git commits into a shared folder need it too: two at once would meet on git's index lock.
/// The lease is given back after each publish, and lapses by itself after <see cref="Period"/> if its instance dies
/// in the middle.
/// </summary>
public sealed class PublishLease(IServiceScopeFactory scopes, JobLeases leases, TimeProvider time)
{
    /// <summary>Longer than any publish takes (a quiz check is about a second), short enough that a dead instance's lease lapses soon.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(30);

    /// <summary>How long a publish waits for another instance's to finish before telling the editor.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>True once this instance holds the lease; false if another held it for all of <see cref="Wait"/>. A database fault is thrown.</summary>
    public async Task<bool> TakeAsync(CancellationToken cancellation)
    {
        var started = time.GetTimestamp();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SiteDbContext>();
        while (!await leases.TryTakeAsync(db, JobLeases.ContentPublish, Period, cancellation))
        {
            if (time.GetElapsedTime(started) >= Wait)
            {
                return false;
            }

            await Task.Delay(Poll, time, cancellation);
        }

        return true;
    }

    /// <summary>Gives the lease back. If the database does not answer, the lease lapses by itself after <see cref="Period"/>.</summary>
    public async Task ReleaseAsync()
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await leases.ReleaseAsync(scope.ServiceProvider.GetRequiredService<SiteDbContext>(), JobLeases.ContentPublish);
        }
        catch (Exception ex) when (DatabaseFault.Is(ex))
        {
        }
    }
}
