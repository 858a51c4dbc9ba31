using Decisioner.Tests;
using Decisioner.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Decisioner.E2E.Tests;

/// <summary>The site as an operator starts it: database problems stop the start with one clear line.</summary>
public sealed class DatabaseStartupTests
{
    [Fact]
    public async Task TwoInstances_OnOneSqliteFile_TheSecondIsRefused_AndPointedToPostgres()
    {
        await using var first = new SiteProcess(TestPaths.Content);
        await first.StartAsync();
        await using var second = new SiteProcess(TestPaths.Content) { DataFolder = first.DataFolder };

        var start = async () => await second.StartAsync();

        (await start.Should().ThrowAsync<InvalidOperationException>()).Which.Message
            .Should().Contain("Another instance of the site is using the database at " + Path.Combine(first.DataFolder, "decisioner.db"))
            .And.Contain("PostgreSQL").And.NotContain("   at ");
    }

    [Fact]
    public async Task WithoutMigrateOnStart_AMissingDatabase_IsNamed_AndTheMigrateCommandMakesIt()
    {
        await using var site = new SiteProcess(TestPaths.Content, "Database:MigrateOnStart=false");

        var start = async () => await site.StartAsync();
        (await start.Should().ThrowAsync<InvalidOperationException>()).Which.Message
            .Should().Contain("There is no database at " + Path.Combine(site.DataFolder, "decisioner.db")).And.Contain("migrate");

        var (code, output) = await site.RunCommandAsync("migrate");
        code.Should().Be(0, output);
        output.Should().Contain($"applied {ShippedMigrations.Count} migration(s): {string.Join(", ", ShippedMigrations)}.");
        (await site.RunCommandAsync("migrate")).Output.Should().Contain("already up to date");

        await site.StartAsync();
    }

    [Fact]
    public async Task ADataFolderThatCannotBeMade_IsNamed()
    {
        var file = Path.GetTempFileName();
        try
        {
            await using var site = new SiteProcess(TestPaths.Content) { DataFolder = Path.Combine(file, "data") };

            var start = async () => await site.StartAsync();

            (await start.Should().ThrowAsync<InvalidOperationException>()).Which.Message
                .Should().Contain("The data folder " + Path.Combine(file, "data") + " could not be created");
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The SQLite migrations the site ships, as EF lists them (no database is opened for this).</summary>
    private static IReadOnlyList<string> ShippedMigrations =>
        [.. new SqliteSiteDbContext(new DbContextOptionsBuilder<SqliteSiteDbContext>().UseSqlite("Data Source=never-opened.db").Options).Database.GetMigrations()];
}
