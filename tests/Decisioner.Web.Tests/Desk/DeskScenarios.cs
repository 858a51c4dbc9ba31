using System.Net;
using Decisioner.Core.Questionnaires;
using Decisioner.Core.Scoring;
using Decisioner.Web.Content;
using Decisioner.Web.Data;
using Decisioner.Web.Desk;
using Decisioner.Web.Staff;
using Decisioner.Web.Tests.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Decisioner.Web.Tests.Desk;

/// <summary>The desk's database-heavy behaviour, written once and run on SQLite (DeskTests) and PostgreSQL (PostgresDeskTests).</summary>
internal static class DeskScenarios
{
    private const string Name = "Ada Prospect";
    private const string Email = "ada.prospect@example.org";

    /// <summary>Saving stores the answers and the result the engine gives, the consent as shown, and nothing the form claims about the result; a second post of one form saves once.</summary>
    public static async Task SaveOnce_WithTheEnginesResult_AndTheConsentAsShown(SiteFactory site)
    {
        var (staffEmail, _, admissions, _) = await StaffForms.TwoSessionsAsync(site, "admissions");
        var html = await admissions.GetStringAsync(DeskSteps.PresenterResult);
        var form = DeskSteps.FormFields(html);
        form["Input.Name"] = Name;
        form["Input.Email"] = Email;
        form["Input.FollowUpOn"] = "2026-12-07";
        form["Input.ConsentSend"] = "true";
        // Nothing about the result is taken from the form: a field claiming one is ignored, and unknown answers are dropped.
        form["Input.Answers"] += "&made-up=yes";
        form["Input.Outcome"] = "fine-tuning";

        var first = await admissions.PostAsync("/staff/desk/new", new FormUrlEncodedContent(form));
        var second = await admissions.PostAsync("/staff/desk/new", new FormUrlEncodedContent(form));

        first.StatusCode.Should().Be(HttpStatusCode.Redirect);
        second.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var id = DeskSteps.IdOf(first);
        DeskSteps.IdOf(second).Should().Be(id, "the same form posted twice is one session");
        await using (var scope = site.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<SiteDbContext>().DeskSessions.CountAsync()).Should().Be(1);
        }

        var stored = (await DeskSteps.StoredAsync(site, id))!;
        var quiz = site.Services.GetRequiredService<ContentStore>().Current.FindQuestionnaire("rag-vs-fine-tuning")!;
        var expected = ScoringEngine.Recommend(QuizAddress.Parse(quiz, DeskSteps.PublicResult).Address.Answers);
        stored.Answers.Should().Be(DeskSteps.Answers);
        stored.Outcome.Should().Be(expected.Outcome.Id());
        stored.Timing.Should().Be(expected.Timing.Id());
        stored.Headline.Should().Be(expected.Headline);
        stored.FirstStep.Should().Be(expected.Plan[0].Step.Id());
        stored.ResultJson.Should().Contain(expected.Headline.Replace("\"", "\\u0022", StringComparison.Ordinal)[..10]);
        stored.ContentVersion.Should().NotBeNullOrEmpty().And.NotBe("unknown");
        stored.SavedById.Should().Be(await StaffForms.IdOfAsync(site, staffEmail));
        stored.ProspectName.Should().Be(Name);
        stored.FollowUpOn.Should().Be(new DateOnly(2026, 12, 7));
        stored.Status.Should().Be(DeskStatus.New);
        stored.SavedAt.Kind.Should().Be(DateTimeKind.Utc);
        stored.Consents.Should().HaveCount(2);
        stored.Consents.Single(c => c.Purpose == DeskConsentWording.SendResult).Should().Match<DeskConsent>(c => c.Given && c.Wording == DeskConsentWording.Purposes[DeskConsentWording.SendResult]);
        stored.Consents.Single(c => c.Purpose == DeskConsentWording.ContactAboutCourses).Given.Should().BeFalse("an unticked box is a no");

        var page = WebUtility.HtmlDecode(await admissions.GetStringAsync($"/staff/desk/{id:D}"));
        page.Should().Contain(Name).And.Contain(Email).And.Contain(expected.Headline).And.Contain(DeskConsentWording.Purposes[DeskConsentWording.SendResult]);
        page.Should().Contain(staffEmail);

        var audit = await StaffForms.AuditAsync(site);
        audit.Should().ContainSingle(l => l.Event == AuditEvents.DeskSaved && l.Target == DeskService.Target(id) && l.Actor == staffEmail);
        audit.Should().Contain(l => l.Event == AuditEvents.DeskViewed && l.Target == DeskService.Target(id));
        audit.Should().NotContain(l => (l.Target + l.Detail).Contains("Ada", StringComparison.Ordinal) || (l.Target + l.Detail).Contains("prospect@", StringComparison.Ordinal));
    }

    /// <summary>Two members of staff change one session from the same copy: the first change stands, the second is refused with the current state, neither is lost.</summary>
    public static async Task TwoStaffChangingOneSession_LoseNeitherChange(SiteFactory site)
    {
        var (_, _, first, _) = await StaffForms.TwoSessionsAsync(site, "admissions");
        var (_, second) = await StaffForms.AdminAsync(site);
        var id = await DeskSteps.SavedIdAsync(first, new Dictionary<string, string> { ["Input.Name"] = Name });
        var seenByFirst = await first.GetStringAsync($"/staff/desk/{id:D}");
        var seenBySecond = await second.GetStringAsync($"/staff/desk/{id:D}");

        var done = await DeskSteps.PostSessionFormAsync(first, id, "update",
            new Dictionary<string, string> { ["Update.Version"] = DeskSteps.VersionOn(seenByFirst), ["Update.Status"] = "contacted", ["Update.FollowUpOn"] = "2026-12-10" }, seenByFirst);
        var refused = await DeskSteps.PostSessionFormAsync(second, id, "update",
            new Dictionary<string, string> { ["Update.Version"] = DeskSteps.VersionOn(seenBySecond), ["Update.Status"] = "closed", ["Update.FollowUpOn"] = "" }, seenBySecond);

        done.Should().Contain("The status is now contacted");
        refused.Should().Contain("Someone else changed this session while you had it open").And.Contain("It is now contacted, follow up on 2026-12-10");
        var stored = (await DeskSteps.StoredAsync(site, id))!;
        stored.Status.Should().Be(DeskStatus.Contacted);
        stored.FollowUpOn.Should().Be(new DateOnly(2026, 12, 10));
        stored.StatusChanges.Should().ContainSingle(c => c.From == DeskStatus.New && c.To == DeskStatus.Contacted);

        // The second tries again from the copy the refusal showed, and that change is made too.
        var again = await DeskSteps.PostSessionFormAsync(second, id, "update",
            new Dictionary<string, string> { ["Update.Version"] = DeskSteps.VersionOn(refused), ["Update.Status"] = "closed", ["Update.FollowUpOn"] = "" }, seenBySecond);
        again.Should().Contain("The status is now closed");
        (await DeskSteps.StoredAsync(site, id))!.StatusChanges.Should().HaveCount(2);

        // The token itself, in the database: a save from a copy read before another change fails on this engine.
        await using var staleScope = site.Services.CreateAsyncScope();
        var stale = staleScope.ServiceProvider.GetRequiredService<SiteDbContext>();
        var copy = await stale.DeskSessions.SingleAsync(s => s.Id == id);
        await using (var otherScope = site.Services.CreateAsyncScope())
        {
            var other = otherScope.ServiceProvider.GetRequiredService<DeskFollowUps>();
            (await other.UpdateAsync(id, copy.Version.ToString(), "enrolled", null, null, "test")).Succeeded.Should().BeTrue();
        }

        copy.Status = DeskStatus.New;
        copy.Version = Guid.NewGuid();
        await stale.Invoking(db => db.SaveChangesAsync()).Should().ThrowAsync<DbUpdateConcurrencyException>();
    }

    /// <summary>Erasing keeps only the anonymous answers and outcome (or nothing, by setting); the audit line names the session, not the person.</summary>
    public static async Task Erase_RemovesThePerson_AndAuditsWithoutThem(SiteFactory site, bool keepsAnswers)
    {
        var (staffEmail, _, admissions, _) = await StaffForms.TwoSessionsAsync(site, "admissions");
        var id = await DeskSteps.SavedIdAsync(admissions, new Dictionary<string, string>
        {
            ["Input.Name"] = Name,
            ["Input.Email"] = Email,
            ["Input.FollowUpOn"] = "2026-12-07",
            ["Input.ConsentContact"] = "true",
        });
        (await DeskSteps.PostSessionFormAsync(admissions, id, "note", new Dictionary<string, string> { ["Note.Text"] = "Ada wants the evening course." }))
            .Should().Contain("The note is added").And.Contain("Ada wants the evening course.");

        var ask = await admissions.GetStringAsync($"/staff/desk/{id:D}?ask=erase");
        ask.Should().Contain("Yes, erase this prospect");
        (await DeskSteps.StoredAsync(site, id))!.ProspectName.Should().Be(Name, "asking changes nothing");
        var erased = await DeskSteps.PostSessionFormAsync(admissions, id, "erase", new Dictionary<string, string> { ["Erase.Confirm"] = "yes" }, ask, "?ask=erase");

        erased.Should().NotContain(Name).And.NotContain(Email).And.NotContain("evening course");
        var stored = await DeskSteps.StoredAsync(site, id);
        if (keepsAnswers)
        {
            erased.Should().Contain("The prospect is erased; the anonymous answers and outcome are kept.");
            stored.Should().NotBeNull();
            stored!.ProspectName.Should().BeNull();
            stored.ProspectEmail.Should().BeNull();
            stored.FollowUpOn.Should().BeNull();
            stored.Notes.Should().BeEmpty();
            stored.Consents.Should().BeEmpty();
            stored.Outcome.Should().NotBeEmpty();
            stored.Answers.Should().Be(DeskSteps.Answers);
            stored.ErasedAt.Should().NotBeNull();
        }
        else
        {
            erased.Should().Contain("The prospect is erased and the session deleted.");
            stored.Should().BeNull();
            await using var scope = site.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SiteDbContext>();
            (await db.DeskNotes.CountAsync()).Should().Be(0);
            (await db.DeskConsents.CountAsync()).Should().Be(0);
        }

        var audit = await StaffForms.AuditAsync(site);
        audit.Should().ContainSingle(l => l.Event == AuditEvents.DeskErased && l.Target == DeskService.Target(id) && l.Actor == staffEmail);
        audit.Should().NotContain(l => (l.Target + l.Detail).Contains("Ada", StringComparison.Ordinal) || (l.Target + l.Detail).Contains("prospect@", StringComparison.Ordinal));
    }

    /// <summary>The hourly job erases sessions older than Desk:RetentionDays, the same way, and leaves newer ones.</summary>
    public static async Task Retention_ErasesOldSessions_Only(SiteFactory site)
    {
        var (_, _, admissions, _) = await StaffForms.TwoSessionsAsync(site, "admissions");
        var old = await DeskSteps.SavedIdAsync(admissions, new Dictionary<string, string> { ["Input.Name"] = "Old Prospect", ["Input.Email"] = "old@example.org" });
        var recent = await DeskSteps.SavedIdAsync(admissions, new Dictionary<string, string> { ["Input.Name"] = Name });
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SiteDbContext>();
            var session = await db.DeskSessions.SingleAsync(s => s.Id == old);
            session.SavedAt = DateTime.UtcNow.AddDays(-31);
            await db.SaveChangesAsync();
        }

        var erased = await site.Services.GetRequiredService<DeskRetention>().RunOnceAsync();

        erased.Should().Be(1);
        var oldStored = (await DeskSteps.StoredAsync(site, old))!;
        oldStored.ProspectName.Should().BeNull();
        oldStored.ProspectEmail.Should().BeNull();
        oldStored.Consents.Should().BeEmpty();
        (await DeskSteps.StoredAsync(site, recent))!.ProspectName.Should().Be(Name);
        (await site.Services.GetRequiredService<DeskRetention>().RunOnceAsync()).Should().Be(0, "an erased session is not erased again");
        var audit = await StaffForms.AuditAsync(site);
        audit.Should().ContainSingle(l => l.Event == AuditEvents.DeskErased && l.Target == DeskService.Target(old) && l.Actor == "retention" && l.Detail.Contains("older than 30 days", StringComparison.Ordinal));
    }

    /// <summary>The export holds the filtered sessions through the one CSV writer, notes only when asked for, and is audited with its row count.</summary>
    public static async Task Export_TheFilteredSessions_AndAuditIt(SiteFactory site)
    {
        var (staffEmail, _, admissions, _) = await StaffForms.TwoSessionsAsync(site, "admissions");
        var hostile = await DeskSteps.SavedIdAsync(admissions, new Dictionary<string, string> { ["Input.Name"] = "=HYPERLINK(\"http://evil.example\",\"x\")" });
        var other = await DeskSteps.SavedIdAsync(admissions, new Dictionary<string, string> { ["Input.Name"] = Name });
        await DeskSteps.PostSessionFormAsync(admissions, other, "note", new Dictionary<string, string> { ["Note.Text"] = "A private note" });

        var all = await (await DeskSteps.ExportAsync(admissions)).Content.ReadAsStringAsync();
        var lines = all.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(3);
        lines[0].Should().StartWith("id,saved_at_utc,saved_by").And.NotContain("notes");
        all.Should().Contain("\"'=HYPERLINK(").And.NotContain("A private note");
        all.Should().Contain(staffEmail);

        var filtered = await DeskSteps.ExportAsync(admissions, new Dictionary<string, string> { ["name"] = "ada", ["notes"] = "on" });
        filtered.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        var withNotes = await filtered.Content.ReadAsStringAsync();
        withNotes.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(2);
        withNotes.Should().Contain(Name).And.Contain("A private note").And.NotContain(hostile.ToString());

        var audit = await StaffForms.AuditAsync(site);
        audit.Where(l => l.Event == AuditEvents.DeskExported).Select(l => l.Detail).Should().Equal("2 rows", "1 rows, with notes");
        audit.Where(l => l.Event == AuditEvents.DeskExported).Should().OnlyContain(l => l.Actor == staffEmail && !l.Detail.Contains("ada", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Removing the account that saved a session keeps the session and its notes, shown as by a former member of staff.</summary>
    public static async Task RemovedStaff_LeaveTheirSessions_AsAFormerMemberOfStaff(SiteFactory site)
    {
        var (_, admin) = await StaffForms.AdminAsync(site);
        var (email, _, admissions, _) = await StaffForms.TwoSessionsAsync(site, "admissions");
        var id = await DeskSteps.SavedIdAsync(admissions, new Dictionary<string, string> { ["Input.Name"] = Name });
        await DeskSteps.PostSessionFormAsync(admissions, id, "note", new Dictionary<string, string> { ["Note.Text"] = "Called back on Tuesday" });
        await DeskSteps.PostSessionFormAsync(admissions, id, "update", new Dictionary<string, string>
        {
            ["Update.Version"] = DeskSteps.VersionOn(await admissions.GetStringAsync($"/staff/desk/{id:D}")),
            ["Update.Status"] = "contacted",
        });

        (await (await StaffForms.ChangeAsync(admin, "remove", await StaffForms.IdOfAsync(site, email))).Content.ReadAsStringAsync()).Should().Contain("Removed");

        var stored = (await DeskSteps.StoredAsync(site, id))!;
        stored.SavedById.Should().BeNull();
        stored.Notes.Should().ContainSingle(n => n.Text == "Called back on Tuesday" && n.AuthorId == null);
        stored.StatusChanges.Should().ContainSingle(c => c.ById == null);
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync($"/staff/desk/{id:D}"));
        page.Should().Contain("by a former member of staff").And.Contain("Called back on Tuesday").And.NotContain(email);
        WebUtility.HtmlDecode(await admin.GetStringAsync("/staff/desk")).Should().Contain(DeskStaffNames.Former);
    }
}
