using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Decisioner.Web.Data;

/// <summary>
/// The site's database: staff accounts (Identity, with their dates), the data-protection key ring, the
/// quiz counters, the audit trail, the desk, the outbox, and the leases of the periodic jobs.
/// The model is written once here; each engine has its own subclass only so that each keeps its own
/// migration set (Data/Migrations/Sqlite and Data/Migrations/Postgres).
/// </summary>
public abstract class SiteDbContext(DbContextOptions options) : IdentityDbContext<IdentityUser>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<QuizCount> QuizCounts => Set<QuizCount>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<StaffAccountInfo> StaffAccountInfo => Set<StaffAccountInfo>();

    public DbSet<Mail.OutboundEmail> OutboundEmails => Set<Mail.OutboundEmail>();

    public DbSet<Desk.DeskSession> DeskSessions => Set<Desk.DeskSession>();

    public DbSet<Desk.DeskNote> DeskNotes => Set<Desk.DeskNote>();

    public DbSet<Desk.DeskStatusChange> DeskStatusChanges => Set<Desk.DeskStatusChange>();

    public DbSet<Desk.DeskConsent> DeskConsents => Set<Desk.DeskConsent>();

    public DbSet<JobLease> JobLeases => Set<JobLease>();

    public DbSet<Editing.ContentDraft> ContentDrafts => Set<Editing.ContentDraft>();

    public DbSet<Editing.ContentVersion> ContentVersions => Set<Editing.ContentVersion>();

    /// <summary>
    /// Identity's schema: version 3, the first with a passkeys table. Identity builds its tables for the
    /// version in the site's <see cref="IdentityOptions"/> (<c>StaffAccounts</c> sets it from here).
    /// </summary>
    public static readonly Version IdentitySchemaVersion = IdentitySchemaVersions.Version3;

    /// <summary>
    /// Identity reads its schema version from the application's services (its per-version model builder
    /// is internal). A context made without them (<c>dotnet ef</c>'s design factories, the migration
    /// tests) is given a provider holding only that setting, so every context of this type has the same
    /// model as the running site.
    /// </summary>
    private static readonly IServiceProvider IdentitySettingsOnly = new ServiceCollection()
        .Configure<IdentityOptions>(identity => identity.Stores.SchemaVersion = IdentitySchemaVersion)
        .BuildServiceProvider();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        if (optionsBuilder.Options.FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider is null)
        {
            optionsBuilder.UseApplicationServiceProvider(IdentitySettingsOnly);
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<QuizCount>(count =>
        {
            count.ToTable("QuizCounts");
            count.HasKey(c => new { c.Day, c.Quiz, c.Version, c.Presenter, c.Metric, c.Key });
            count.Property(c => c.Quiz).HasMaxLength(100);
            count.Property(c => c.Version).HasMaxLength(16);
            count.Property(c => c.Metric).HasMaxLength(32);
            count.Property(c => c.Key).HasMaxLength(200);
        });
        builder.Entity<AuditEvent>(audit =>
        {
            audit.ToTable("AuditEvents");
            // Times are written in UTC; SQLite hands them back without a kind, so they are marked UTC on reading.
            audit.Property(e => e.At).HasConversion(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
            audit.Property(e => e.Actor).HasMaxLength(256);
            audit.Property(e => e.Event).HasMaxLength(40);
            audit.Property(e => e.Target).HasMaxLength(256);
            audit.Property(e => e.Detail).HasMaxLength(500);
            audit.Property(e => e.Address).HasMaxLength(64);
            audit.HasIndex(e => e.At);
            audit.HasIndex(e => new { e.Event, e.At });
        });
        builder.Entity<StaffAccountInfo>(info =>
        {
            info.ToTable("StaffAccountInfo");
            info.HasKey(i => i.UserId);
            info.Property(i => i.CreatedAt).HasConversion(v => v, v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : null);
            info.Property(i => i.LastSignInAt).HasConversion(v => v, v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : null);
            info.HasOne<IdentityUser>().WithOne().HasForeignKey<StaffAccountInfo>(i => i.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.ApplyConfiguration(new Mail.OutboundEmailConfiguration());
        builder.Entity<JobLease>(JobLeaseConfiguration.Configure);

        builder.ApplyConfigurationsFromAssembly(typeof(SiteDbContext).Assembly, t => t.Namespace == typeof(Desk.DeskSession).Namespace);
        builder.ApplyConfigurationsFromAssembly(typeof(SiteDbContext).Assembly, t => t.Namespace == typeof(Editing.ContentDraft).Namespace);
    }
}

public sealed class SqliteSiteDbContext(DbContextOptions<SqliteSiteDbContext> options) : SiteDbContext(options);

public sealed class PostgresSiteDbContext(DbContextOptions<PostgresSiteDbContext> options) : SiteDbContext(options);

/// <summary>For <c>dotnet ef migrations add X --context SqliteSiteDbContext</c>; never used by the running site.</summary>
internal sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteSiteDbContext>
{
    public SqliteSiteDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteSiteDbContext>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>For <c>dotnet ef migrations add X --context PostgresSiteDbContext</c>; no server is contacted.</summary>
internal sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresSiteDbContext>
{
    public PostgresSiteDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresSiteDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
