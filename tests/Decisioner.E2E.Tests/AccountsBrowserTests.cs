using Decisioner.Tests;
using Microsoft.Playwright;

namespace Decisioner.E2E.Tests;

/// <summary>
/// Accounts and the audit trail in Chromium: an admin adds a colleague, the colleague signs in with the
/// printed password and chooses one; the admin changes the colleague's role and the colleague's open page
/// is refused at its next request; the audit page shows all of it. Screenshots in artifacts/screenshots/.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccountsBrowserTests(BrowserFixture fixture)
{
    [BrowserFact]
    public async Task AnAdmin_AddsAColleague_ChangesTheirRole_AndTheAuditTrailShowsIt()
    {
        await using var site = new SiteProcess(TestPaths.Content);
        const string head = "head@example.org";
        const string colleague = "colleague@example.org";
        var headPassword = await site.AddStaffAsync(head, "admin");
        await site.StartAsync();

        // The admin's first visit: the printed password, then one of their own, then the accounts page.
        var admin = await fixture.NewPageAsync();
        await StaffBrowser.SignInFirstTimeAsync(admin, site.BaseUrl, "/staff/accounts", head, headPassword);
        (await Accessibility.WcagViolationsAsync(admin)).Should().BeEmpty();

        // Add a colleague: the printed password is on the page, once.
        await admin.GetByLabel("Email", new() { Exact = true }).FillAsync(colleague);
        await admin.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync("admissions");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add account" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Name = $"Password for {colleague}, shown once" })).ToBeVisibleAsync();
        var printed = (await admin.Locator("code.password").TextContentAsync())!.Trim();
        printed.Should().HaveLength(20);
        (await Accessibility.WcagViolationsAsync(admin)).Should().BeEmpty();
        await BrowserFixture.ScreenshotAsync(admin, "accounts-colleague-added");

        // The colleague, in their own browser: printed password, then their own, then the quiz figures.
        var other = await fixture.NewPageAsync();
        await StaffBrowser.SignInFirstTimeAsync(other, site.BaseUrl, "/staff/analytics", colleague, printed);
        await Assertions.Expect(other.Locator("h1")).ToHaveTextAsync("Quiz figures");

        // The admin makes the colleague an editor: asked first, then done.
        await admin.GotoAsync(site.BaseUrl + "/staff/accounts");
        await admin.GetByLabel($"New role for {colleague}").SelectOptionAsync("editor");
        await admin.GetByRole(AriaRole.Button, new() { Name = $"Change role for {colleague}" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Name = $"Give {colleague} the role editor?" })).ToBeVisibleAsync();
        (await Accessibility.WcagViolationsAsync(admin)).Should().BeEmpty();
        await BrowserFixture.ScreenshotAsync(admin, "accounts-confirm-role-change");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Yes, make it editor" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync($"{colleague} now has the role editor");
        await BrowserFixture.ScreenshotAsync(admin, "accounts-role-changed");

        // The colleague's open page, at its next request: signed out, sent to sign in.
        await other.ReloadAsync();
        await other.WaitForURLAsync("**/account/sign-in?returnUrl=*");
        await Assertions.Expect(other.Locator("h1")).ToHaveTextAsync("Staff sign-in");
        await BrowserFixture.ScreenshotAsync(other, "colleague-refused-after-role-change");

        // The audit trail has all of it.
        await admin.GotoAsync(site.BaseUrl + "/staff/audit");
        var table = admin.Locator("table.audit-table");
        foreach (var text in new[] { "Account added", "role admissions", "Password changed", "replaced the printed password", "Role changed", "admissions → editor", colleague, head })
        {
            await Assertions.Expect(table).ToContainTextAsync(text);
        }

        (await Accessibility.WcagViolationsAsync(admin)).Should().BeEmpty();
        await BrowserFixture.ScreenshotAsync(admin, "audit-trail");

        // Filtered to the colleague, on a phone, in dark mode: readable without sideways scrolling.
        await admin.SetViewportSizeAsync(360, 800);
        await admin.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        foreach (var (path, name) in new[] { ($"/staff/audit?account={Uri.EscapeDataString(colleague)}", "audit-trail-phone-dark"), ("/staff/accounts", "accounts-phone-dark") })
        {
            await admin.GotoAsync(site.BaseUrl + path);
            (await Accessibility.WcagViolationsAsync(admin)).Should().BeEmpty(path);
            var wide = await admin.EvaluateAsync<string>("() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join('; ')");
            (await Accessibility.HasHorizontalScrollAsync(admin)).Should().BeFalse(path + " fits a 360 px phone: " + wide);
            await BrowserFixture.ScreenshotAsync(admin, name);
        }
    }
}
