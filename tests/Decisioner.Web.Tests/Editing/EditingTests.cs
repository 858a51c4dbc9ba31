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
