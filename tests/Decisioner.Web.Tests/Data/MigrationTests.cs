using Decisioner.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Decisioner.Web.Tests.Data;

/// <summary>Each engine keeps its own migration set; both must describe today's model.</summary>
public sealed class MigrationTests
{
    [Fact]
    public void SqliteMigrations_AreNotBehindTheModel()
    {
        using var db = new SqliteSiteDbContext(new DbContextOptionsBuilder<SqliteSiteDbContext>().UseSqlite("Data Source=:memory:").Options);

        db.Database.HasPendingModelChanges().Should().BeFalse(
            "the model changed without a migration: dotnet ef migrations add NAME --project src/Decisioner.Web --context SqliteSiteDbContext -o Data/Migrations/Sqlite");
    }

    [Fact]
    public void PostgresMigrations_AreNotBehindTheModel()
    {
        // Comparing the model with the migrations' snapshot needs no server.
        using var db = new PostgresSiteDbContext(new DbContextOptionsBuilder<PostgresSiteDbContext>().UseNpgsql("Host=unused").Options);

        db.Database.HasPendingModelChanges().Should().BeFalse(
            "the model changed without a migration: dotnet ef migrations add NAME --project src/Decisioner.Web --context PostgresSiteDbContext -o Data/Migrations/Postgres");
    }

    [Fact]
    public void EachEngine_HasItsOwnMigrations()
    {
        using var sqlite = new SqliteSiteDbContext(new DbContextOptionsBuilder<SqliteSiteDbContext>().UseSqlite("Data Source=:memory:").Options);
        using var postgres = new PostgresSiteDbContext(new DbContextOptionsBuilder<PostgresSiteDbContext>().UseNpgsql("Host=unused").Options);

        sqlite.Database.GetMigrations().Should().NotBeEmpty();
        postgres.Database.GetMigrations().Should().NotBeEmpty();
    }
}
