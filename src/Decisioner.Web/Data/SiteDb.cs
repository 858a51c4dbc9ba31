using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Decisioner.Web.Data;

/// <summary>
/// The site's database: staff accounts (Identity), the data-protection key ring, and the quiz counters.
/// The model is written once here; each engine has its own subclass only so that each keeps its own
/// migration set (Data/Migrations/Sqlite and Data/Migrations/Postgres).
/// </summary>
public abstract class SiteDb(DbContextOptions options) : IdentityDbContext<IdentityUser>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<QuizCount> QuizCounts => Set<QuizCount>();

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
    }
}

public sealed class SqliteSiteDb(DbContextOptions<SqliteSiteDb> options) : SiteDb(options);

public sealed class PostgresSiteDb(DbContextOptions<PostgresSiteDb> options) : SiteDb(options);

/// <summary>For <c>dotnet ef migrations add X --context SqliteSiteDb</c>; never used by the running site.</summary>
internal sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteSiteDb>
{
    public SqliteSiteDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteSiteDb>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>For <c>dotnet ef migrations add X --context PostgresSiteDb</c>; no server is contacted.</summary>
internal sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresSiteDb>
{
    public PostgresSiteDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresSiteDb>().UseNpgsql("Host=localhost;Database=design").Options);
}
