using System.Net;
using Decisioner.Web.Staff;
using Decisioner.Web.Tests.Data;

namespace Decisioner.Web.Tests.Staff;

/// <summary>Accounts, sessions and the audit trail on a real PostgreSQL server (times in timestamptz, serializable changes).</summary>
public sealed class PostgresAccountsTests
{
    [PostgresFact]
    public async Task AccountChanges_EndSessions_KeepAnAdmin_AndAreAudited_OnPostgres()
    {
        await using var database = await TestPostgres.CreateAsync();
        using var site = new SiteFactory(Decisioner.Tests.TestPaths.Content, database.Settings);
        var (adminEmail, admin) = await StaffForms.AdminAsync(site);
        var (email, _, first, second) = await StaffForms.TwoSessionsAsync(site, "editor");
        var id = await StaffForms.IdOfAsync(site, email);

        (await (await StaffForms.ChangeAsync(admin, "role", id, "admissions")).Content.ReadAsStringAsync()).Should().Contain("now has the role admissions");
        (await first.GetAsync("/editor")).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await second.GetAsync("/editor")).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await (await StaffForms.ChangeAsync(admin, "remove", await StaffForms.IdOfAsync(site, adminEmail))).Content.ReadAsStringAsync())
            .Should().Contain("is the only administrator");

        var lines = await StaffForms.AuditAsync(site);
        lines.Should().Contain(l => l.Event == AuditEvents.RoleChanged && l.Target == email && l.Actor == adminEmail && l.At.Kind == DateTimeKind.Utc);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        WebUtility.HtmlDecode(await admin.GetStringAsync($"/staff/audit?account={email.ToUpperInvariant()}&event=role-changed&from={today}&to={today}"))
            .Should().Contain("editor → admissions");
        (await admin.GetStringAsync("/staff/accounts")).Should().Contain(email).And.Contain("admissions");
    }
}
