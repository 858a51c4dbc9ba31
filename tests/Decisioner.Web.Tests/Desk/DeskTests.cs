using Decisioner.Tests;
using Decisioner.Web.Tests.Data;

namespace Decisioner.Web.Tests.Desk;

/// <summary>The desk's database scenarios on SQLite (a real file per site).</summary>
public sealed class DeskTests
{
    private static SiteFactory Site(bool keepAnswers = true) => new(TestPaths.Content, new Dictionary<string, string>
    {
        ["Desk:RetentionDays"] = "30",
        ["Desk:KeepAnonymousAnswersOnErase"] = keepAnswers ? "true" : "false",
    });

    [Fact]
    public async Task SaveOnce_WithTheEnginesResult_AndTheConsentAsShown()
    {
        using var site = Site();
        await DeskScenarios.SaveOnce_WithTheEnginesResult_AndTheConsentAsShown(site);
    }

    [Fact]
    public async Task TwoStaffChangingOneSession_LoseNeitherChange()
    {
        using var site = Site();
        await DeskScenarios.TwoStaffChangingOneSession_LoseNeitherChange(site);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Erase_RemovesThePerson_AndAuditsWithoutThem(bool keepAnswers)
    {
        using var site = Site(keepAnswers);
        await DeskScenarios.Erase_RemovesThePerson_AndAuditsWithoutThem(site, keepAnswers);
    }

    [Fact]
    public async Task Retention_ErasesOldSessions_Only()
    {
        using var site = Site();
        await DeskScenarios.Retention_ErasesOldSessions_Only(site);
    }

    [Fact]
    public async Task Export_TheFilteredSessions_AndAuditIt()
    {
        using var site = Site();
        await DeskScenarios.Export_TheFilteredSessions_AndAuditIt(site);
    }

    [Fact]
    public async Task RemovedStaff_LeaveTheirSessions_AsAFormerMemberOfStaff()
    {
        using var site = Site();
        await DeskScenarios.RemovedStaff_LeaveTheirSessions_AsAFormerMemberOfStaff(site);
    }
}

/// <summary>The same scenarios on a real PostgreSQL server.</summary>
public sealed class PostgresDeskTests
{
    private static async Task RunAsync(Func<SiteFactory, Task> scenario, bool keepAnswers = true)
    {
        await using var database = await TestPostgres.CreateAsync();
        var settings = database.Settings;
        settings["Desk:RetentionDays"] = "30";
        settings["Desk:KeepAnonymousAnswersOnErase"] = keepAnswers ? "true" : "false";
        using var site = new SiteFactory(TestPaths.Content, settings);
        await scenario(site);
    }

    [PostgresFact]
    public Task SaveOnce_WithTheEnginesResult_AndTheConsentAsShown() => RunAsync(DeskScenarios.SaveOnce_WithTheEnginesResult_AndTheConsentAsShown);

    [PostgresFact]
    public Task TwoStaffChangingOneSession_LoseNeitherChange() => RunAsync(DeskScenarios.TwoStaffChangingOneSession_LoseNeitherChange);

    [PostgresFact]
    public Task Erase_KeepingAnonymousAnswers() => RunAsync(site => DeskScenarios.Erase_RemovesThePerson_AndAuditsWithoutThem(site, true));

    [PostgresFact]
    public Task Erase_DeletingTheSession() => RunAsync(site => DeskScenarios.Erase_RemovesThePerson_AndAuditsWithoutThem(site, false), keepAnswers: false);

    [PostgresFact]
    public Task Retention_ErasesOldSessions_Only() => RunAsync(DeskScenarios.Retention_ErasesOldSessions_Only);

    [PostgresFact]
    public Task Export_TheFilteredSessions_AndAuditIt() => RunAsync(DeskScenarios.Export_TheFilteredSessions_AndAuditIt);

    [PostgresFact]
    public Task RemovedStaff_LeaveTheirSessions_AsAFormerMemberOfStaff() => RunAsync(DeskScenarios.RemovedStaff_LeaveTheirSessions_AsAFormerMemberOfStaff);
}
