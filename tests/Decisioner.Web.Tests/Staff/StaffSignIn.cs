using System.Net;
using System.Text.RegularExpressions;
using Decisioner.Web.Staff;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Decisioner.Web.Tests.Staff;

/// <summary>Staff accounts made with the real <c>users add</c> command, signed in through the real sign-in form.</summary>
internal static partial class StaffSignIn
{
    /// <summary>Creates the account (as <c>users add EMAIL --role ROLE</c>) and returns the password it printed.</summary>
    public static async Task<string> AddUserAsync(SiteFactory site, string email, string role)
    {
        site.CreateClient(); // the host, and so the migrated database, exists once a client does
        var output = new StringWriter();
        var code = await StaffCommands.RunAsync(site.Services, ["users", "add", email, "--role", role], output);
        code.Should().Be(0, output.ToString());
        return PasswordLine().Match(output.ToString()).Groups[1].Value;
    }

    /// <summary>A client that keeps cookies and does not follow redirects, so tests see where they point.</summary>
    public static HttpClient Client(SiteFactory site) =>
        site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("https://localhost") });

    /// <summary>Posts the sign-in form with its antiforgery token; returns the response.</summary>
    public static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string email, string password, string? returnUrl = null)
    {
        var page = await client.GetStringAsync(StaffAccounts.SignInPath);
        var token = Token().Match(page).Groups[1].Value;
        token.Should().NotBeEmpty("the sign-in form carries an antiforgery token");
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "sign-in",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        return await client.PostAsync(StaffAccounts.SignInPath + (returnUrl is null ? "" : "?returnUrl=" + Uri.EscapeDataString(returnUrl)), form);
    }

    /// <summary>Posts the change-password form (a printed password must be changed before staff pages open).</summary>
    public static async Task<HttpResponseMessage> ChangePasswordAsync(HttpClient client, string current, string next)
    {
        var page = await client.GetStringAsync(StaffAccounts.PasswordPath);
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token().Match(page).Groups[1].Value,
            ["_handler"] = "password",
            ["Input.Current"] = current,
            ["Input.New"] = next,
        });
        return await client.PostAsync(StaffAccounts.PasswordPath, form);
    }

    /// <summary>A signed-in client for a new account with this role, its printed password already replaced.</summary>
    public static async Task<HttpClient> AsAsync(SiteFactory site, string role)
    {
        var email = $"{role}-{Guid.NewGuid():N}@example.org";
        var password = await AddUserAsync(site, email, role);
        var client = Client(site);
        var response = await PostSignInAsync(client, email, password);
        response.StatusCode.Should().Be(HttpStatusCode.Redirect, "a right password signs in and moves on");
        (await ChangePasswordAsync(client, password, "a new password of my own")).StatusCode.Should().Be(HttpStatusCode.Redirect);
        return client;
    }

    [GeneratedRegex("Password, shown once: (\\S+)")]
    private static partial Regex PasswordLine();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
