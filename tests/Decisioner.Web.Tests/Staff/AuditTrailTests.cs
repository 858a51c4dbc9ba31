using System.Net;
using Decisioner.Tests;
using Decisioner.Web.Data;
using Decisioner.Web.Staff;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Decisioner.Web.Tests.Staff;

/// <summary>The audit trail: what it records, the admin page that reads it, its retention, and that writing it never fails a request.</summary>
public sealed class AuditTrailTests
{
    [Fact]
    public async Task SignIns_AccountChanges_AndDownloads_AreRecorded_WithWhoWhatAndWhen_AndNoAddress()
    {
        using var site = new SiteFactory(TestPaths.Content);
        var (adminEmail, admin) = await StaffForms.AdminAsync(site);
        // The admin adds a colleague on the accounts page; the colleague signs in and chooses a password.
        var email = $"colleague-{Guid.NewGuid():N}@example.org";
        var added = await StaffForms.PostAsync(admin, "/staff/accounts", "add", new Dictionary<string, string> { ["Add.Email"] = email, ["Add.Role"] = "editor" });
        var printed = System.Text.RegularExpressions.Regex.Match(await added.Content.ReadAsStringAsync(), "<code class=\"password\">([^<]+)</code>").Groups[1].Value;
        var colleague = StaffSignIn.Client(site);
        await StaffSignIn.PostSignInAsync(colleague, email, printed);
        await StaffSignIn.ChangePasswordAsync(colleague, printed, "the colleague's own password");
        var id = await StaffForms.IdOfAsync(site, email);
        var typed = "  NoSuchPerson" + new string('x', 150) + "@Example.org ";
        await StaffSignIn.PostSignInAsync(StaffSignIn.Client(site), typed, "a guess");
        for (var i = 0; i < 5; i++)
        {
            await StaffSignIn.PostSignInAsync(StaffSignIn.Client(site), email, "a wrong guess");
        }

        await StaffForms.ChangeAsync(admin, "unlock", id);
        await StaffForms.ChangeAsync(admin, "role", id, "admissions");
        await StaffForms.ChangeAsync(admin, "sign-out", id);
        (await admin.GetAsync("/staff/analytics.csv?from=2026-01-01&to=2026-01-31")).StatusCode.Should().Be(HttpStatusCode.OK);
        await StaffForms.ChangeAsync(admin, "remove", id);
        var page = await admin.GetStringAsync("/staff");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        await admin.PostAsync(StaffAccounts.SignOutPath, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        var lines = await StaffForms.AuditAsync(site);
        string[] Line(string @event, string target) =>
            [.. lines.Where(l => l.Event == @event && string.Equals(l.Target, target, StringComparison.OrdinalIgnoreCase)).Select(l => l.Actor)];

        Line(AuditEvents.AccountAdded, email).Should().Equal(adminEmail);
        lines.Single(l => l.Event == AuditEvents.AccountAdded && l.Target == email).Detail.Should().Be("role editor");
        Line(AuditEvents.SignIn, email).Should().Equal(email);
        Line(AuditEvents.PasswordChanged, email).Should().Equal(email);
        Line(AuditEvents.SignInFailed, email).Should().HaveCount(5).And.OnlyContain(a => a == "");
        Line(AuditEvents.Lockout, email).Should().ContainSingle();
        Line(AuditEvents.AccountUnlocked, email).Should().Equal(adminEmail);
        Line(AuditEvents.RoleChanged, email).Should().Equal(adminEmail);
        lines.Single(l => l.Event == AuditEvents.RoleChanged).Detail.Should().Be("editor → admissions");
        Line(AuditEvents.SignedOutEverywhere, email).Should().Equal(adminEmail);
        Line(AuditEvents.AccountRemoved, email).Should().Equal(adminEmail);
        lines.Should().Contain(l => l.Event == AuditEvents.FiguresDownloaded && l.Actor == adminEmail && l.Target.StartsWith("quiz-figures-", StringComparison.Ordinal));
        Line(AuditEvents.SignOut, adminEmail).Should().Equal(adminEmail);

        var unknown = lines.Single(l => l.Event == AuditEvents.SignInFailed && l.Detail == "no such account");
        unknown.Target.Should().StartWith("NoSuchPersonxxx", "the email as typed (trimmed)").And.HaveLength(AuditTrail.TargetLength).And.EndWith("…");
        lines.Should().OnlyContain(l => l.Address == null, "addresses are kept only when Audit:RecordAddresses is on");
        lines.Should().OnlyContain(l => l.At > DateTime.UtcNow.AddMinutes(-10) && l.At <= DateTime.UtcNow && l.At.Kind == DateTimeKind.Utc);
    }

    [Fact]
    public async Task TheAuditPage_Filters_Pages_Exports_AndShowsHostileTextAsText()
    {
        using var site = new SiteFactory(TestPaths.Content);
        var (adminEmail, admin) = await StaffForms.AdminAsync(site);
        var audit = site.Services.GetRequiredService<AuditTrail>();
        for (var i = 0; i < 120; i++)
        {
            audit.Record(AuditEvents.FiguresDownloaded, "reader@example.org", $"export-{i:000}.csv");
        }

        audit.Record(AuditEvents.SignInFailed, null, "<script>alert(1)</script>\u0000=HYPERLINK(\"http://evil\")");
        audit.Record(AuditEvents.SignInFailed, null, "=HYPERLINK(\"http://evil\")");
        await audit.FlushAsync();

        var first = await admin.GetStringAsync("/staff/audit?account=READER@example.org&event=figures-downloaded");
        first.Should().Contain("Lines 1 to 50").And.Contain("export-119.csv").And.NotContain("export-069.csv").And.Contain("Older lines");
        var third = await admin.GetStringAsync("/staff/audit?account=reader@example.org&event=figures-downloaded&page=3");
        third.Should().Contain("Lines 101 to 120").And.Contain("export-000.csv").And.NotContain("Older lines").And.Contain("Newer lines");

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        (await admin.GetStringAsync($"/staff/audit?from=2020-01-01&to=2020-01-02")).Should().Contain("No lines match");
        (await admin.GetStringAsync($"/staff/audit?from={today}&to={today}&event=sign-in")).Should().Contain(adminEmail);

        var all = await admin.GetStringAsync("/staff/audit?event=sign-in-failed");
        all.Should().NotContain("<script>alert(1)</script>").And.Contain("&lt;script&gt;alert(1)&lt;/script&gt;");

        var csv = await admin.GetAsync("/staff/audit.csv?event=sign-in-failed");
        csv.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        var text = await csv.Content.ReadAsStringAsync();
        text.Should().StartWith("time_utc,actor,event,target,detail\r\n");
        text.Should().Contain("<script>alert(1)</script>\uFFFD=HYPERLINK", "a NUL is replaced when the line is written").And.Contain("\"'=HYPERLINK(", "a cell that would start a formula starts with a quote");
        text.Split("\r\n").Should().NotContain(row => row.Split(',').Any(cell => cell.StartsWith('=')), "no cell starts a formula");
        (await admin.GetStringAsync("/staff/audit.csv?account=reader@example.org")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(121);

        var odd = await admin.GetAsync("/staff/audit?event=nope&from=yesterday&page=-4&account=" + new string('x', 3000));
        odd.StatusCode.Should().Be(HttpStatusCode.OK);
        (await odd.Content.ReadAsStringAsync()).Should().Contain("Some filters were set aside");
        (await StaffForms.AuditAsync(site)).Should().Contain(l => l.Event == AuditEvents.AuditDownloaded && l.Actor == adminEmail);
    }

    [Fact]
    public async Task LinesOlderThanTheRetention_AreDeletedByTheWriter()
    {
        using var site = new SiteFactory(TestPaths.Content, new Dictionary<string, string> { ["Audit:RetentionDays"] = "30" });
        site.CreateClient();
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SiteDbContext>();
            db.AuditEvents.AddRange(
                new AuditEvent { At = DateTime.UtcNow.AddDays(-31), Event = AuditEvents.SignIn, Target = "old" },
                new AuditEvent { At = DateTime.UtcNow.AddDays(-29), Event = AuditEvents.SignIn, Target = "recent" });
            await db.SaveChangesAsync();
        }

        var lines = await StaffForms.AuditAsync(site);

        lines.Select(l => l.Target).Should().Equal("recent");
    }

    [Fact]
    public async Task WithRecordAddressesOn_TheAddressIsKept()
    {
        using var site = new SiteFactory(TestPaths.Content, new Dictionary<string, string> { ["Audit:RecordAddresses"] = "true" });
        site.CreateClient();
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.7");

        site.Services.GetRequiredService<AuditTrail>().Record(AuditEvents.SignIn, "a@example.org", "a@example.org", http: http);

        (await StaffForms.AuditAsync(site)).Single().Address.Should().Be("192.0.2.7");
    }

    [Fact]
    public async Task ATrailThatCannotBeWritten_FailsNoRequest_AndIsLoggedOnce_ThenRecovers()
    {
        var logs = new LogCollector();
        using var factory = new SiteFactory(TestPaths.Content);
        using var site = factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        var (email, password, _, _) = await StaffForms.TwoSessionsAsync(site, "admissions");
        var writer = site.Services.GetRequiredService<AuditTrail>();
        await writer.FlushAsync();
        await Sql(site, "ALTER TABLE \"AuditEvents\" RENAME TO \"AuditEventsAway\"");

        for (var i = 0; i < 3; i++)
        {
            var client = StaffForms.Client(site);
            (await StaffSignIn.PostSignInAsync(client, email, password)).StatusCode.Should().Be(HttpStatusCode.Redirect, "signing in does not wait for the trail");
            (await client.GetAsync("/staff/analytics.csv")).StatusCode.Should().Be(HttpStatusCode.OK, "nor does a download");
            await writer.FlushAsync();
        }

        logs.Messages.Where(m => m.Contains("Audit events cannot be written", StringComparison.Ordinal)).Should().ContainSingle();

        await Sql(site, "ALTER TABLE \"AuditEventsAway\" RENAME TO \"AuditEvents\"");
        await StaffSignIn.PostSignInAsync(StaffForms.Client(site), email, password);
        await writer.FlushAsync();
        logs.Messages.Should().ContainSingle(m => m.Contains("Audit events are written to the database again; 6 events were dropped", StringComparison.Ordinal));
    }

    private static async Task Sql(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> site, string sql)
    {
        await using var scope = site.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SiteDbContext>().Database.ExecuteSqlRawAsync(sql);
    }
}
