using Decisioner.Tests;
using Decisioner.Web.Tests.Data;

namespace Decisioner.Web.Tests.Editing;

/// <summary>The editing scenarios on SQLite, each on its own copy of the shipped content.</summary>
public sealed class EditingTests
{
    private static async Task RunAsync(Func<SiteFactory, TempContent, Task> scenario, IDictionary<string, string>? settings = null)
    {
        using var content = TempContent.CopyOfShipped();
        using var site = new SiteFactory(content.Root, settings);
        await scenario(site, content);
    }

    internal static async Task RunOnPostgresAsync(Func<SiteFactory, TempContent, Task> scenario)
    {
        await using var database = await TestPostgres.CreateAsync();
        await RunAsync(scenario, database.Settings);
    }

    [Fact]
    public Task FixATypo_PublishesAtomically_KeepsHistory_CommitsAndAudits() => RunAsync(EditingScenarios.FixATypo_PublishesAtomically_KeepsHistory_CommitsAndAudits);

    [Fact]
    public Task AFileWithErrors_IsRefused_AndTheTextKept() => RunAsync(EditingScenarios.AFileWithErrors_IsRefused_AndTheTextKept);

    [Fact]
    public Task AFileChangedSinceOpened_IsNeverOverwrittenSilently() => RunAsync(EditingScenarios.AFileChangedSinceOpened_IsNeverOverwrittenSilently);

    [Fact]
    public Task AQuizChange_AsksAgain_ThenRestoresFromHistory() =>
        RunAsync((site, content) => EditingScenarios.AQuizChange_AsksAgain_ThenRestoresFromHistory(site, content));

    [Fact]
    public Task ANoteForReaders_GoesIntoTheGuidesChanges() => RunAsync(EditingScenarios.ANoteForReaders_GoesIntoTheGuidesChanges);

    [Fact]
    public Task ANewGuide_StartsAsADraft_IsShared_ThenPublished() => RunAsync(EditingScenarios.ANewGuide_StartsAsADraft_IsShared_ThenPublished);

    /// <summary>A publish the history cannot record does not happen: with the database gone, the file stays as it was and the editor is told.</summary>
    [Fact]
    public async Task WithTheDatabaseGone_NothingIsPublished_AndTheEditorIsTold()
    {
        using var content = TempContent.CopyOfShipped();
        using var site = new SiteFactory(content.Root);
        site.CreateClient();
        var before = await File.ReadAllTextAsync(content.PathOf(EditingSteps.Guide));

        // The database file is replaced by something that is not a database, as a failed disk or a bad restore would leave it.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var file = Directory.EnumerateFiles(site.DataFolder, "*.db").Single();
        await File.WriteAllTextAsync(file, "not a database");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var publisher = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Decisioner.Web.Editing.ContentPublisher>(site.Services);
        var outcome = await publisher.PublishAsync(new Decisioner.Web.Editing.Editor("id", "editor@example.org", "editor@example.org"),
            new Decisioner.Web.Editing.PublishRequest(EditingSteps.Guide, before + "\nOne more line.\n", Decisioner.Core.Content.TextHash.Of(before), before, "A line", false, false));

        outcome.Should().BeOfType<Decisioner.Web.Editing.Refused>().Which.Reason.Should().Contain("database did not answer");
        (await File.ReadAllTextAsync(content.PathOf(EditingSteps.Guide))).Should().Be(before);
    }
}

/// <summary>The same scenarios on a real PostgreSQL server.</summary>
public sealed class PostgresEditingTests
{
    [PostgresFact]
    public Task FixATypo_PublishesAtomically_KeepsHistory_CommitsAndAudits() => EditingTests.RunOnPostgresAsync(EditingScenarios.FixATypo_PublishesAtomically_KeepsHistory_CommitsAndAudits);

    [PostgresFact]
    public Task AFileWithErrors_IsRefused_AndTheTextKept() => EditingTests.RunOnPostgresAsync(EditingScenarios.AFileWithErrors_IsRefused_AndTheTextKept);

    [PostgresFact]
    public Task AFileChangedSinceOpened_IsNeverOverwrittenSilently() => EditingTests.RunOnPostgresAsync(EditingScenarios.AFileChangedSinceOpened_IsNeverOverwrittenSilently);

    [PostgresFact]
    public Task AQuizChange_AsksAgain_ThenRestoresFromHistory() =>
        EditingTests.RunOnPostgresAsync((site, content) => EditingScenarios.AQuizChange_AsksAgain_ThenRestoresFromHistory(site, content));

    [PostgresFact]
    public Task ANewGuide_StartsAsADraft_IsShared_ThenPublished() => EditingTests.RunOnPostgresAsync(EditingScenarios.ANewGuide_StartsAsADraft_IsShared_ThenPublished);
}
