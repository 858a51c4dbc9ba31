using System.Net;
using System.Text.RegularExpressions;
using Decisioner.Web.Staff;

namespace Decisioner.Web.Tests.Staff;

/// <summary>Every staff page and endpoint checks the role; each is tried as nobody and as the wrong role.</summary>
public sealed partial class StaffAccessTests(ShippedSite shipped) : IClassFixture<ShippedSite>
{
    private SiteFactory Site => shipped.Factory;

    public static TheoryData<string> StaffPages => ["/editor", "/staff", "/staff/analytics", "/account/password", "/account/denied"];

    [Theory]
    [MemberData(nameof(StaffPages))]
    public async Task StaffPages_WithoutSigningIn_SendToSignIn(string path)
    {
        var response = await StaffSignIn.Client(Site).GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().Should().Contain("/account/sign-in?returnUrl=" + Uri.EscapeDataString(path));
    }

    [Fact]
    public async Task TheCsv_WithoutSigningIn_Is401()
    {
        (await StaffSignIn.Client(Site).GetAsync("/staff/analytics.csv")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("editor", "/staff/analytics", false)]
    [InlineData("editor", "/editor", true)]
    [InlineData("admissions", "/editor", false)]
    [InlineData("admissions", "/staff/analytics", true)]
    [InlineData("admin", "/editor", true)]
    [InlineData("admin", "/staff/analytics", true)]
    public async Task EachRole_OpensItsPages_AndIsTurnedAwayFromTheOthers(string role, string path, bool allowed)
    {
        var client = await StaffSignIn.AsAsync(Site, role);

        var response = await client.GetAsync(path);

        if (allowed)
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            response.Headers.CacheControl!.NoStore.Should().BeTrue("staff pages are never kept by a browser or proxy");
        }
        else
        {
            response.StatusCode.Should().Be(HttpStatusCode.Redirect);
            response.Headers.Location!.ToString().Should().Contain(StaffAccounts.DeniedPath);
        }
    }

    [Theory]
    [InlineData("editor", HttpStatusCode.Forbidden)]
    [InlineData("admissions", HttpStatusCode.OK)]
    [InlineData("admin", HttpStatusCode.OK)]
    public async Task TheCsv_IsForAdmissionsAndAdmins(string role, HttpStatusCode expected)
    {
        var client = await StaffSignIn.AsAsync(Site, role);

        var response = await client.GetAsync("/staff/analytics.csv?from=2026-01-01&to=2026-12-31");

        response.StatusCode.Should().Be(expected);
        if (expected == HttpStatusCode.OK)
        {
            response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
            (await response.Content.ReadAsStringAsync()).Should().StartWith("section,key,label,value,share");
        }
    }

    [Fact]
    public async Task SignIn_SetsAStaffCookie_HttpOnly_Secure_Lax()
    {
        var email = $"cookie-{Guid.NewGuid():N}@example.org";
        var password = await StaffSignIn.AddUserAsync(Site, email, "editor");

        var response = await StaffSignIn.PostSignInAsync(StaffSignIn.Client(Site), email, password);

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("decisioner-staff=", StringComparison.Ordinal));
        cookie.Should().Contain("httponly").And.Contain("secure").And.Contain("samesite=lax");
    }

    [Fact]
    public async Task PublicPages_SetNoCookie_EvenForSignedInStaffTheyAnswerTheSame()
    {
        var anonymous = StaffSignIn.Client(Site);
        var staff = await StaffSignIn.AsAsync(Site, "admin");
        foreach (var path in new[] { "/", "/guides", "/guides/rag-vs-fine-tuning", "/quiz/rag-vs-fine-tuning?at=gap", "/quiz/rag-vs-fine-tuning/result?gap=behavior", "/search?q=rag" })
        {
            var forAnyone = await anonymous.GetAsync(path);
            var forStaff = await staff.GetAsync(path);

            forAnyone.Headers.Contains("Set-Cookie").Should().BeFalse(path + " sets no cookie");
            forStaff.Headers.Contains("Set-Cookie").Should().BeFalse(path + " sets no cookie, nor renews the staff one");
            forStaff.StatusCode.Should().Be(forAnyone.StatusCode, path);
            forStaff.Headers.CacheControl?.ToString().Should().Be(forAnyone.Headers.CacheControl?.ToString(), path);
            Comparable(await forStaff.Content.ReadAsStringAsync()).Should().Be(Comparable(await forAnyone.Content.ReadAsStringAsync()), path + " is the same page for staff");
        }
    }

    [Fact]
    public async Task ReturnUrl_ToAnotherSite_IsIgnored()
    {
        var email = $"return-{Guid.NewGuid():N}@example.org";
        var password = await StaffSignIn.AddUserAsync(Site, email, "editor");

        var response = await StaffSignIn.PostSignInAsync(StaffSignIn.Client(Site), email, password, returnUrl: "https://evil.example/");

        var location = new Uri(new Uri("https://localhost"), response.Headers.Location!);
        location.Host.Should().Be("localhost");
        location.ToString().Should().NotContain("evil").And.Contain("returnUrl=%2Fstaff");
    }

    [Fact]
    public async Task ThePrintedPassword_OpensOnlyThePasswordPage_UntilTheAccountChoosesItsOwn()
    {
        var email = $"first-{Guid.NewGuid():N}@example.org";
        var password = await StaffSignIn.AddUserAsync(Site, email, "admissions");
        var client = StaffSignIn.Client(Site);

        var signIn = await StaffSignIn.PostSignInAsync(client, email, password, returnUrl: "/staff/analytics");
        signIn.Headers.Location!.ToString().Should().Contain(StaffAccounts.PasswordPath + "?returnUrl=%2Fstaff%2Fanalytics");
        var refused = await client.GetAsync("/staff/analytics");
        refused.Headers.Location!.ToString().Should().Contain(StaffAccounts.DeniedPath);
        (await client.GetStringAsync(StaffAccounts.DeniedPath)).Should().Contain("Choose your own");

        var tooShort = await StaffSignIn.ChangePasswordAsync(client, password, "short");
        (await tooShort.Content.ReadAsStringAsync()).Should().Contain("at least 12 characters");
        (await StaffSignIn.ChangePasswordAsync(client, password, "correct horse battery staple")).StatusCode.Should().Be(HttpStatusCode.Redirect);

        (await client.GetAsync("/staff/analytics")).StatusCode.Should().Be(HttpStatusCode.OK);
        var again = await StaffSignIn.PostSignInAsync(StaffSignIn.Client(Site), email, password);
        (await again.Content.ReadAsStringAsync()).Should().Contain("do not match", "the printed password stops working once the account has its own");
    }

    [Fact]
    public async Task SignOut_NeedsTheFormsToken_AndEndsTheSession()
    {
        var client = await StaffSignIn.AsAsync(Site, "admissions");

        (await client.PostAsync(StaffAccounts.SignOutPath, new FormUrlEncodedContent([]))).StatusCode.Should().Be(HttpStatusCode.BadRequest, "a post from another site has no token");
        (await client.GetAsync("/staff")).StatusCode.Should().Be(HttpStatusCode.OK);

        var page = await client.GetStringAsync("/staff");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        (await client.PostAsync(StaffAccounts.SignOutPath, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }))).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await client.GetAsync("/staff")).StatusCode.Should().Be(HttpStatusCode.Redirect);
    }

    /// <summary>
    /// A page without what differs between any two requests for it: the markers (ids and a protected
    /// descriptor) by which an interactive component's prerendered markup finds its circuit.
    /// </summary>
    private static string Comparable(string html) => BlazorMarker().Replace(html, "<!--Blazor-->");

    [GeneratedRegex("<!--Blazor.*?-->", RegexOptions.Singleline)]
    private static partial Regex BlazorMarker();
}
