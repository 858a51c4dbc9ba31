using System.Net;
using System.Text.RegularExpressions;
using Decisioner.Tests;
using Decisioner.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Decisioner.Web.Tests.Staff;

/// <summary>Accounts in the browser: what the admin sees and does, the confirmation step, and the rule that the site keeps an admin.</summary>
public sealed partial class AccountsPageTests(ShippedSite shipped) : IClassFixture<ShippedSite>
{
    private SiteFactory Site => shipped.Factory;

    [Fact]
    public async Task AnAdmin_AddsAColleague_WhosePrintedPasswordIsShownOnce_AndOpensOnlyThePasswordPage()
    {
        var (_, admin) = await StaffForms.AdminAsync(Site);
        var email = $"colleague-{Guid.NewGuid():N}@example.org";

        var added = await AddAsync(admin, email, "admissions");

        added.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = await added.Content.ReadAsStringAsync();
        html.Should().Contain($"Password for {email}, shown once");
        var password = Password().Match(html).Groups[1].Value;
        password.Should().MatchRegex("^[a-km-zA-HJ-NP-Z2-9]{20}$", "the same kind of password users add prints");
        added.Headers.CacheControl!.NoStore.Should().BeTrue();
        (await admin.GetStringAsync("/staff/accounts")).Should().NotContain(password, "it is shown once, in the answer to the form");

        var colleague = StaffSignIn.Client(Site);
        var signIn = await StaffSignIn.PostSignInAsync(colleague, email, password);
        signIn.Headers.Location!.ToString().Should().StartWith("https://localhost" + StaffAccounts.PasswordPath);
        (await colleague.GetAsync("/staff/analytics")).Headers.Location!.ToString().Should().Contain(StaffAccounts.DeniedPath);

        var list = await admin.GetStringAsync("/staff/accounts");
        list.Should().Contain(email).And.Contain("has not chosen a password yet");
    }

    [Fact]
    public async Task TheListing_ShowsRoleCreatedLastSignInAndLocks_AndAnAdminUnlocks()
    {
        var (_, admin) = await StaffForms.AdminAsync(Site);
        var (email, password, _, _) = await StaffForms.TwoSessionsAsync(Site, "editor");
        for (var i = 0; i < 5; i++)
        {
            await StaffSignIn.PostSignInAsync(StaffSignIn.Client(Site), email, "not the password at all");
        }

        var row = RowOf(await admin.GetStringAsync("/staff/accounts"), email);
        row.Should().Contain("editor").And.Contain(DateTime.UtcNow.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture));
        row.Should().MatchRegex("until \\d\\d:\\d\\d UTC").And.Contain("Unlock");
        (await StaffSignIn.PostSignInAsync(StaffSignIn.Client(Site), email, password)).StatusCode.Should().Be(HttpStatusCode.OK, "locked");

        var unlocked = await StaffForms.ChangeAsync(admin, "unlock", await StaffForms.IdOfAsync(Site, email));
        (await unlocked.Content.ReadAsStringAsync()).Should().Contain($"{email} is unlocked");

        (await StaffSignIn.PostSignInAsync(StaffSignIn.Client(Site), email, password)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        RowOf(await admin.GetStringAsync("/staff/accounts"), email).Should().Contain(">no<");
    }

    [Theory]
    [InlineData("remove", "Remove ")]
    [InlineData("sign-out", "out everywhere?")]
    [InlineData("role", "the role admissions?")]
    public async Task AChangeThatRemovesAccess_AsksFirst_AndAskingChangesNothing(string act, string question)
    {
        var (_, admin) = await StaffForms.AdminAsync(Site);
        var (email, _, session, _) = await StaffForms.TwoSessionsAsync(Site, "editor");
        var id = await StaffForms.IdOfAsync(Site, email);

        var ask = await admin.GetStringAsync($"/staff/accounts?account={id}&act={act}&role=admissions");

        ask.Should().Contain(question).And.Contain("name=\"Change.Action\" value=\"" + act + "\"").And.Contain("Cancel");
        (await session.GetAsync("/editor")).StatusCode.Should().Be(HttpStatusCode.OK, "asking is a GET and changes nothing");
        (await StaffForms.IdOfAsync(Site, email)).Should().Be(id);
    }

    [Fact]
    public async Task TheOnlyAdmin_CannotRemoveOrDemoteThemselves()
    {
        using var site = new SiteFactory(TestPaths.Content);
        var (email, admin) = await StaffForms.AdminAsync(site);
        var id = await StaffForms.IdOfAsync(site, email);

        (await (await StaffForms.ChangeAsync(admin, "remove", id)).Content.ReadAsStringAsync()).Should().Contain("is the only administrator");
        (await (await StaffForms.ChangeAsync(admin, "role", id, "editor")).Content.ReadAsStringAsync()).Should().Contain("is the only administrator");

        (await admin.GetAsync("/staff/accounts")).StatusCode.Should().Be(HttpStatusCode.OK, "still an admin");
    }

    [Fact]
    public async Task NoSequenceOfChanges_LeavesTheSiteWithoutAnAdmin()
    {
        using var site = new SiteFactory(TestPaths.Content);
        site.CreateClient();
        var random = new Random(18);
        var emails = new List<string>();
        var refusals = 0;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var service = scope.ServiceProvider.GetRequiredService<StaffAccountService>();
            for (var i = 0; i < 4; i++)
            {
                var email = $"a{i}@example.org";
                (await service.AddAsync("test", email, i == 0 ? "admin" : StaffRoles.All[random.Next(3)])).Succeeded.Should().BeTrue();
                emails.Add(email);
            }
        }

        for (var step = 0; step < 300; step++)
        {
            // A new scope per step, as each request has its own.
            await using var scope = site.Services.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<StaffAccountService>();
            var target = emails[random.Next(emails.Count)];
            var result = random.Next(5) switch
            {
                0 => await service.RemoveAsync("test", target),
                1 or 2 => await service.SetRoleAsync("test", target, StaffRoles.All[random.Next(3)]),
                3 => await service.SignOutEverywhereAsync("test", target),
                _ => await service.AddAsync("test", target, StaffRoles.All[random.Next(3)]),
            };
            refusals += result.Succeeded ? 0 : 1;
            (await service.CountAdminsAsync()).Should().BeGreaterThanOrEqualTo(1, $"step {step}: {result.Message}");
        }

        refusals.Should().BeGreaterThan(0, "the sequence did try to take the last admin away");
    }

    [Theory]
    [InlineData("ünïcødé@例え.jp", "is invalid")]
    [InlineData("<script>alert(1)</script>@example.org", "is invalid, can only contain letters or digits")]
    [InlineData("two words@example.org", "That is not an email address: it has a space in it.")]
    [InlineData("", "Enter the email of the new account.")]
    public async Task HostileEmails_GetAMessage_ShownSafely(string email, string message)
    {
        var (_, admin) = await StaffForms.AdminAsync(Site);

        var response = await AddAsync(admin, email, "editor");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.Should().Contain(System.Net.WebUtility.HtmlEncode(message).Replace("&#39;", "&#x27;", StringComparison.Ordinal)).And.NotContain("<script>alert(1)</script>");
        html.Should().NotContain("shown once");
    }

    [Fact]
    public async Task HugeFields_AndUnknownRolesOrActions_GetAMessage_NeverA500()
    {
        var (_, admin) = await StaffForms.AdminAsync(Site);

        (await (await AddAsync(admin, new string('a', 10_000) + "@example.org", "editor")).Content.ReadAsStringAsync()).Should().Contain("longer than 256 characters");
        (await (await AddAsync(admin, "new@example.org", "superuser")).Content.ReadAsStringAsync()).Should().Contain("&#x27;superuser&#x27; is not a role");
        (await admin.GetStringAsync("/staff/accounts?act=explode&account=" + new string('x', 5000))).Should().Contain("There is no such account");
        var change = await StaffForms.ChangeAsync(admin, "explode", new string('x', 5000));
        change.StatusCode.Should().Be(HttpStatusCode.OK);
        (await change.Content.ReadAsStringAsync()).Should().Contain("is not a change this page makes");

        var nul = await AddAsync(admin, "nul\u0000@example.org", "editor");
        nul.StatusCode.Should().Be(HttpStatusCode.BadRequest, "the framework's form reader refuses a NUL before the page sees it");
    }

    [Fact]
    public async Task ANonAdmin_CannotPostTheForms()
    {
        var admissions = await StaffSignIn.AsAsync(Site, "admissions");

        var response = await admissions.PostAsync("/staff/accounts", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "add",
            ["Add.Email"] = "sneaky@example.org",
            ["Add.Role"] = "admin",
        }));

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().Should().Contain(StaffAccounts.DeniedPath);
        await using var scope = Site.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().FindByEmailAsync("sneaky@example.org")).Should().BeNull();
    }

    private static Task<HttpResponseMessage> AddAsync(HttpClient admin, string email, string role) =>
        StaffForms.PostAsync(admin, "/staff/accounts", "add", new Dictionary<string, string> { ["Add.Email"] = email, ["Add.Role"] = role });

    /// <summary>The table row of one account.</summary>
    private static string RowOf(string html, string email)
    {
        var at = html.IndexOf(email, StringComparison.Ordinal);
        at.Should().BeGreaterThan(0, email + " is listed");
        return html[html.LastIndexOf("<tr", at, StringComparison.Ordinal)..html.IndexOf("</tr>", at, StringComparison.Ordinal)];
    }

    [GeneratedRegex("<code class=\"password\">([^<]+)</code>")]
    private static partial Regex Password();
}
