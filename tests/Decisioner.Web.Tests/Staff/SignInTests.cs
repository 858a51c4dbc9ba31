using System.Net;
using Decisioner.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Decisioner.Web.Tests.Staff;

/// <summary>Wrong or hostile sign-in input gets a plain refusal, counts toward lockout, and never a 500.</summary>
public sealed class SignInTests(ShippedSite shipped) : IClassFixture<ShippedSite>
{
    private SiteFactory Site => shipped.Factory;

    [Fact]
    public async Task FiveWrongPasswords_LockTheAccount_EvenAgainstTheRightOne_WithTheSameWordsAsAnyRefusal()
    {
        var email = $"lock-{Guid.NewGuid():N}@example.org";
        var password = await StaffSignIn.AddUserAsync(Site, email, "editor");
        var client = StaffSignIn.Client(Site);

        for (var i = 0; i < 5; i++)
        {
            var wrong = await StaffSignIn.PostSignInAsync(client, email, "not the password");
            wrong.StatusCode.Should().Be(HttpStatusCode.OK);
            (await wrong.Content.ReadAsStringAsync()).Should().Contain("That email and password do not match an account.");
        }

        await using (var scope = Site.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            (await users.IsLockedOutAsync((await users.FindByEmailAsync(email))!)).Should().BeTrue("five failures lock the account");
        }

        var right = await StaffSignIn.PostSignInAsync(client, email, password);
        right.StatusCode.Should().Be(HttpStatusCode.OK, "a locked account is not signed in");
        var html = await right.Content.ReadAsStringAsync();
        html.Should().Contain("That email and password do not match an account.", "a locked account reads like any refusal, so the page does not tell that it exists");
        html.Should().Contain("locked after too many failed attempts");
        right.Headers.Contains("Set-Cookie").Should().BeFalse();
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("/\tevil.example")]
    [InlineData("/\n/evil.example")]
    [InlineData("/staff\\..\\..\\evil.example")]
    public async Task ReturnUrl_ThatCouldLeaveTheSite_IsIgnored(string returnUrl)
    {
        StaffAccounts.SafeReturn(returnUrl).Should().Be("/staff");
        var (email, password, _, _) = await StaffForms.TwoSessionsAsync(Site, "editor");

        var response = await StaffSignIn.PostSignInAsync(StaffSignIn.Client(Site), email, password, returnUrl);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.Should().Be("https://localhost/staff");
    }

    [Fact]
    public void ReturnUrl_OnThisSite_IsKept() =>
        StaffAccounts.SafeReturn("/staff/analytics?quiz=rag-vs-fine-tuning&from=2026-01-01").Should().Be("/staff/analytics?quiz=rag-vs-fine-tuning&from=2026-01-01");

    [Theory]
    [InlineData("nobody@example.org", "whatever-password")]
    [InlineData("<script>alert(1)</script>", "x")]
    [InlineData("' OR 1=1 --", "' OR 1=1 --")]
    [InlineData("ünïcødé@例え.jp", "パスワード")]
    public async Task WrongOrHostileInput_GetsAPlainRefusal(string email, string password)
    {
        var response = await StaffSignIn.PostSignInAsync(StaffSignIn.Client(Site), email, password);

        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, html);
        html.Should().Contain("That email and password do not match an account.");
        html.Should().NotContain("<script>alert(1)</script>");
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var set) ? set : [];
        cookies.Should().NotContain(c => c.StartsWith("decisioner-staff=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ANulCharacter_IsRefusedBeforeTheForm()
    {
        // No browser sends NUL from a text box; the framework's form reader refuses such a post outright.
        var response = await StaffSignIn.PostSignInAsync(StaffSignIn.Client(Site), "admin@example.org\u0000", "\u0000");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Headers.Contains("Set-Cookie").Should().BeFalse();
    }

    [Fact]
    public async Task HugeOrEmptyInput_IsRefusedWithAReason()
    {
        var huge = await StaffSignIn.PostSignInAsync(StaffSignIn.Client(Site), new string('a', 5000) + "@example.org", new string('b', 5000));
        huge.StatusCode.Should().Be(HttpStatusCode.OK);
        (await huge.Content.ReadAsStringAsync()).Should().Contain("That is too long for an email.");

        var empty = await StaffSignIn.PostSignInAsync(StaffSignIn.Client(Site), "", "");
        empty.StatusCode.Should().Be(HttpStatusCode.OK);
        (await empty.Content.ReadAsStringAsync()).Should().Contain("Enter your email.").And.Contain("Enter your password.");
    }

    [Fact]
    public async Task APostWithoutTheFormsToken_IsRefused()
    {
        var response = await StaffSignIn.Client(Site).PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["Input.Email"] = "a@example.org",
            ["Input.Password"] = "whatever",
        }));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }
}
