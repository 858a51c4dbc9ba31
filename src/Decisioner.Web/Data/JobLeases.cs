using Microsoft.EntityFrameworkCore;

namespace Decisioner.Web.Data;

/// <summary>
/// Leases in the database for the periodic jobs (desk retention, audit and counter pruning), so that with
/// several instances on one database each job runs once per period, on whichever instance asks first.
/// A lease is taken with one conditional statement: the row is written only if it is missing or has
/// expired, and the database says how many rows it wrote, so two instances asking at once cannot both
/// get it. A periodic job's lease is not given back after the run: it lasts the whole period, and lapses by
/// itself if its instance stops, so another takes the job next period. A lease for one piece of work, such as
/// a publish, is given back when the work is done (<see cref="ReleaseAsync"/>). Instances' clocks should agree to within a
/// small part of a period (NTP does far better).
/// </summary>
public sealed class JobLeases(TimeProvider time)
{
    public const string DeskRetention = "desk-retention";
    public const string AuditPruning = "audit-pruning";
    public const string CounterPruning = "counter-pruning";

    /// <summary>Held for the length of one publish from the editors' workspace, then given back (PublishLease).</summary>
    public const string ContentPublish = "content-publish";

    /// <summary>This instance, as the lease rows name it: the machine, the process, and a random part for two sites in one process.</summary>
    public string Holder { get; } = Cut($"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}");

    /// <summary>
    /// Takes <paramref name="job"/> for <paramref name="period"/> if no instance holds it now; true when this
    /// instance should run it. A database fault is thrown to the job, which already handles one.
    /// </summary>
    public async Task<bool> TryTakeAsync(SiteDbContext db, string job, TimeSpan period, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var now = time.GetUtcNow().UtcDateTime;
        var until = now + period;
        // One statement for both engines: SQLite (3.24+) and PostgreSQL both have ON CONFLICT ... DO UPDATE ... WHERE,
        // and count a row only when it was inserted or updated. PostgreSQL re-checks the WHERE against the row as
        // another transaction left it, so of two instances asking at once, one writes and the other gets 0.
        var written = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "JobLeases" ("Name", "Holder", "ExpiresAt")
            VALUES ({job}, {Holder}, {until})
            ON CONFLICT ("Name")
            DO UPDATE SET "Holder" = excluded."Holder", "ExpiresAt" = excluded."ExpiresAt"
            WHERE "JobLeases"."ExpiresAt" <= {now}
            """, cancellation);
        return written == 1;
    }

    /// <summary>Gives back <paramref name="job"/> if this instance holds it, so the next asker need not wait for it to lapse.</summary>
    public async Task ReleaseAsync(SiteDbContext db, string job, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.ExecuteSqlAsync($"""DELETE FROM "JobLeases" WHERE "Name" = {job} AND "Holder" = {Holder}""", cancellation);
    }

    private static string Cut(string text) => text.Length <= JobLeaseConfiguration.HolderLength ? text : text[^JobLeaseConfiguration.HolderLength..];
}

internal static class JobLeaseConfiguration
{
    public const int NameLength = 64;
    public const int HolderLength = 128;

    public static void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<JobLease> lease)
    {
        lease.ToTable("JobLeases");
        lease.HasKey(l => l.Name);
        lease.Property(l => l.Name).HasMaxLength(NameLength);
        lease.Property(l => l.Holder).HasMaxLength(HolderLength);
        // Written in UTC; SQLite hands times back without a kind, so they are marked UTC on reading.
        lease.Property(l => l.ExpiresAt).HasConversion(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
    }
}
