using System.Net;
using Decisioner.Web.Staff;

namespace Decisioner.Web.Tests.Staff;

/// <summary>
/// Sessions that end: the same account signed in twice (two browsers), a change made by one of them or by
/// an administrator, and the other refused at its very next request.
/// </summary>
public sealed class SessionEndTests(ShippedSite shipped) : IClassFixture<ShippedSite>
{
    private SiteFactory Site => shipped.Factory;

    [Fact]
    public async Task ChangingThePassword_EndsTheOtherSession_AndKeepsTheChangersOwn()
    {
        var (_, password, first, second) = await StaffForms.TwoSessionsAsync(Site, "admissions");
        (await second.GetAsync("/staff/analytics")).StatusCode.Should().Be(HttpStatusCode.OK, "both sessions are open before the change");

        var changed = await StaffSignIn.ChangePasswordAsync(first, password, "another long password of mine");
        (await changed.Content.ReadAsStringAsync()).Should().Contain("Your password is changed");

        var refused = await second.GetAsync("/staff/analytics");
        refused.StatusCode.Should().Be(HttpStatusCode.Redirect);
        refused.Headers.Location!.ToString().Should().Contain(StaffAccounts.SignInPath);
        (await second.GetAsync("/staff/analytics.csv")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await first.GetAsync("/staff/analytics")).StatusCode.Should().Be(HttpStatusCode.OK, "the page refreshed the changer's own sign-in");
    }

    [Fact]
    public async Task AnAdminRemovingTheAccount_EndsItsSessions()
    {
        var (email, _, first, second) = await StaffForms.TwoSessionsAsync(Site, "editor");
        var (_, admin) = await StaffForms.AdminAsync(Site);

        var removed = await StaffForms.ChangeAsync(admin, "remove", await StaffForms.IdOfAsync(Site, email));
        (await removed.Content.ReadAsStringAsync()).Should().Contain("Removed " + email, removed.StatusCode.ToString());

        (await first.GetAsync("/editor")).Headers.Location!.ToString().Should().Contain(StaffAccounts.SignInPath);
        (await second.GetAsync("/editor")).Headers.Location!.ToString().Should().Contain(StaffAccounts.SignInPath);
    }

    [Fact]
    public async Task AnAdminChangingTheRole_EndsItsSessions_AndTheNewRoleHoldsAtTheNextSignIn()
    {
        var (email, password, first, _) = await StaffForms.TwoSessionsAsync(Site, "editor");
        var (_, admin) = await StaffForms.AdminAsync(Site);
        (await first.GetAsync("/editor")).StatusCode.Should().Be(HttpStatusCode.OK);

        var changed = await StaffForms.ChangeAsync(admin, "role", await StaffForms.IdOfAsync(Site, email), "admissions");
        (await changed.Content.ReadAsStringAsync()).Should().Contain(email + " now has the role admissions");

        (await first.GetAsync("/editor")).Headers.Location!.ToString().Should().Contain(StaffAccounts.SignInPath, "the open session ends, it does not carry on as an editor");
        var again = StaffSignIn.Client(Site);
        await StaffSignIn.PostSignInAsync(again, email, password);
        (await again.GetAsync("/editor")).Headers.Location!.ToString().Should().Contain(StaffAccounts.DeniedPath);
        (await again.GetAsync("/staff/analytics")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SignOutEverywhere_EndsEverySession_ButTheAccountCanSignInAgain()
    {
        var (email, password, first, second) = await StaffForms.TwoSessionsAsync(Site, "admissions");
        var (_, admin) = await StaffForms.AdminAsync(Site);

        await StaffForms.ChangeAsync(admin, "sign-out", await StaffForms.IdOfAsync(Site, email));

        (await StaffForms.IsSignedInAsync(first)).Should().BeFalse();
        (await StaffForms.IsSignedInAsync(second)).Should().BeFalse();
        var again = StaffSignIn.Client(Site);
        (await StaffSignIn.PostSignInAsync(again, email, password)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await StaffForms.IsSignedInAsync(again)).Should().BeTrue();
    }

    [Fact]
    public async Task AnAdminSigningThemselvesOutEverywhere_StaysSignedInHere()
    {
        var (email, _, first, second) = await StaffForms.TwoSessionsAsync(Site, "admin");

        await StaffForms.ChangeAsync(first, "sign-out", await StaffForms.IdOfAsync(Site, email));

        (await StaffForms.IsSignedInAsync(first)).Should().BeTrue("the session that asked goes on");
        (await StaffForms.IsSignedInAsync(second)).Should().BeFalse();
    }

    [Fact]
    public async Task TheUsersCommand_ChangingARole_EndsTheSessionToo()
    {
        var (email, _, first, _) = await StaffForms.TwoSessionsAsync(Site, "editor");

        var output = new StringWriter();
        (await StaffCommands.RunAsync(Site.Services, ["users", "set-role", email, "--role", "admissions"], output)).Should().Be(0, output.ToString());

        (await first.GetAsync("/editor")).Headers.Location!.ToString().Should().Contain(StaffAccounts.SignInPath);
    }
}
