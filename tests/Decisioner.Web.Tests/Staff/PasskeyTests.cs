using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Decisioner.Web.Staff;
using Decisioner.Web.Tests.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Decisioner.Web.Tests.Staff;

/// <summary>
/// Passkeys through the real pipeline: who may add one, the options endpoints, the whole life of a passkey
/// (added, signed in with, renamed, removed) answered by a software device, and every kind of bad answer.
/// </summary>
public sealed partial class PasskeyTests(ShippedSite shipped) : IClassFixture<ShippedSite>
{
    private const string OwnPassword = "a new password of my own";

    private SiteFactory Site => shipped.Factory;

    [Fact]
    public async Task ThePageAndTheAddOptions_RefuseAnAnonymousVisitor()
    {
        var client = StaffSignIn.Client(Site);

        var page = await client.GetAsync(StaffPasskeys.PagePath);
        page.StatusCode.Should().Be(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().Should().Contain(StaffAccounts.SignInPath);

        var options = await PostAsync(client, StaffPasskeys.CreationOptionsPath, new() { ["Password"] = "anything at all" });
        options.StatusCode.Should().Be(HttpStatusCode.Unauthorized, await options.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnAccountWithThePrintedPassword_CannotAddAPasskey()
    {
        var email = $"printed-{Guid.NewGuid():N}@example.org";
        var printed = await StaffSignIn.AddUserAsync(Site, email, "admissions");
        var client = StaffSignIn.Client(Site);
        (await StaffSignIn.PostSignInAsync(client, email, printed)).StatusCode.Should().Be(HttpStatusCode.Redirect);

        var page = await client.GetAsync(StaffPasskeys.PagePath);
        page.StatusCode.Should().Be(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().Should().Contain(StaffAccounts.DeniedPath);

        var token = await TokenAsync(client, StaffAccounts.PasswordPath);
        var options = await PostAsync(client, StaffPasskeys.CreationOptionsPath, new() { ["__RequestVerificationToken"] = token, ["Password"] = printed });
        options.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AnAccountWithoutAStaffRole_CannotAddAPasskey()
    {
        var email = $"no-role-{Guid.NewGuid():N}@example.org";
        Site.CreateClient();
        using (var scope = Site.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            (await users.CreateAsync(new IdentityUser { UserName = email, Email = email }, OwnPassword)).Succeeded.Should().BeTrue();
        }

        var client = StaffSignIn.Client(Site);
        (await StaffSignIn.PostSignInAsync(client, email, OwnPassword)).StatusCode.Should().Be(HttpStatusCode.Redirect);

        var page = await client.GetAsync(StaffPasskeys.PagePath);
        page.Headers.Location!.ToString().Should().Contain(StaffAccounts.DeniedPath);
        var token = await TokenAsync(client, StaffAccounts.PasswordPath);
        (await PostAsync(client, StaffPasskeys.CreationOptionsPath, new() { ["__RequestVerificationToken"] = token, ["Password"] = OwnPassword }))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task TheSignInOptions_AreJson_NameNoAccount_AndNeedTheFormsToken()
    {
        var client = StaffSignIn.Client(Site);

        var refused = await PostAsync(client, StaffPasskeys.RequestOptionsPath, []);
        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ProblemDetailAsync(refused)).Should().Contain("form token");

        var token = await TokenAsync(client, StaffAccounts.SignInPath);
        var response = await PostAsync(client, StaffPasskeys.RequestOptionsPath, new() { ["__RequestVerificationToken"] = token });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        response.Headers.CacheControl!.NoStore.Should().BeTrue("a challenge is never kept by a cache");
        using var options = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        options.RootElement.GetProperty("rpId").GetString().Should().Be("localhost");
        options.RootElement.GetProperty("challenge").GetString().Should().NotBeNullOrEmpty();
        options.RootElement.GetProperty("userVerification").GetString().Should().Be("required");
        (options.RootElement.TryGetProperty("allowCredentials", out var allowed) ? allowed.GetArrayLength() : 0)
            .Should().Be(0, "the options name no account, so they tell nobody which accounts have passkeys");
    }

    [Fact]
    public async Task TheAddOptions_AreJson_ForThisAccount_AfterItsPassword()
    {
        var (client, email) = await SignedInAsync("editor");
        var token = await TokenAsync(client, StaffPasskeys.PagePath);

        (await PostAsync(client, StaffPasskeys.CreationOptionsPath, new() { ["Password"] = OwnPassword }))
            .StatusCode.Should().Be(HttpStatusCode.BadRequest, "a post without the page's token is refused");
        var noPassword = await PostAsync(client, StaffPasskeys.CreationOptionsPath, new() { ["__RequestVerificationToken"] = token });
        (await ProblemDetailAsync(noPassword)).Should().Be("Enter your password to add a passkey.");
        var wrong = await PostAsync(client, StaffPasskeys.CreationOptionsPath, new() { ["__RequestVerificationToken"] = token, ["Password"] = "not my password" });
        wrong.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ProblemDetailAsync(wrong)).Should().Be("That is not your password. No passkey was added.");

        var response = await PostAsync(client, StaffPasskeys.CreationOptionsPath, new() { ["__RequestVerificationToken"] = token, ["Password"] = OwnPassword });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        using var options = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        options.RootElement.GetProperty("rp").GetProperty("id").GetString().Should().Be("localhost");
        options.RootElement.GetProperty("user").GetProperty("name").GetString().Should().Be(email);
        options.RootElement.GetProperty("authenticatorSelection").GetProperty("residentKey").GetString().Should().Be("required");
    }

    [Fact]
    public async Task APasskey_IsAdded_SignsIn_IsRenamed_AndRemoved()
    {
        var (client, email) = await SignedInAsync("admissions");
        using var device = new SoftAuthenticator();

        var added = await AddAsync(client, device, "Work <b>laptop</b>");
        added.Should().Contain("Passkey &#x201C;Work &lt;b&gt;laptop&lt;/b&gt;&#x201D; added.").And.NotContain("<b>laptop</b>");

        var visitor = StaffSignIn.Client(Site);
        var signIn = await PasskeySignInAsync(visitor, device);
        signIn.StatusCode.Should().Be(HttpStatusCode.Redirect, await signIn.Content.ReadAsStringAsync());
        signIn.Headers.Location!.ToString().Should().Be("https://localhost/staff");
        signIn.Headers.GetValues("Set-Cookie").Should().Contain(c => c.StartsWith("decisioner-staff=", StringComparison.Ordinal));
        (await visitor.GetStringAsync("/staff")).Should().Contain($"Signed in as <strong>{email}</strong>");

        var page = await visitor.GetStringAsync(StaffPasskeys.PagePath);
        var id = CredentialIdField().Match(page).Groups[1].Value;
        var renamed = await ChangeAsync(visitor, id, "rename", "Phone");
        WebUtility.HtmlDecode(renamed).Should().Contain("is now called “Phone”").And.Contain("value=\"Phone\"");

        var removed = await ChangeAsync(visitor, id, "remove", "Phone");
        WebUtility.HtmlDecode(removed).Should().Contain("Passkey “Phone” removed").And.Contain("None yet.");
        var after = await PasskeySignInAsync(StaffSignIn.Client(Site), device);
        after.StatusCode.Should().Be(HttpStatusCode.OK);
        (await after.Content.ReadAsStringAsync()).Should().Contain("That passkey does not open an account here.");
    }

    [Fact]
    public async Task AReplayedOrUnknownPasskey_IsRefused_WithAMessage()
    {
        var (client, _) = await SignedInAsync("editor");
        using var device = new SoftAuthenticator();
        await AddAsync(client, device, "Laptop");

        // An answer taken from one sign-in and posted again: its challenge was used and cleared.
        var visitor = StaffSignIn.Client(Site);
        var token = await TokenAsync(visitor, StaffAccounts.SignInPath);
        var answer = device.Get(await OptionsAsync(visitor, StaffPasskeys.RequestOptionsPath, token));
        (await PostPasskeySignInAsync(visitor, token, answer)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        var attacker = StaffSignIn.Client(Site);
        var attackerToken = await TokenAsync(attacker, StaffAccounts.SignInPath);
        var replayed = await PostPasskeySignInAsync(attacker, attackerToken, answer);
        (await replayed.Content.ReadAsStringAsync()).Should().Contain("has run out of time or was already used");

        // The same answer against a fresh challenge of the attacker's own: the signature covers another challenge.
        await OptionsAsync(attacker, StaffPasskeys.RequestOptionsPath, attackerToken);
        var againstFresh = await PostPasskeySignInAsync(attacker, attackerToken, answer);
        againstFresh.StatusCode.Should().Be(HttpStatusCode.OK);
        (await againstFresh.Content.ReadAsStringAsync()).Should().Contain("That passkey does not open an account here.");
        againstFresh.Headers.TryGetValues("Set-Cookie", out var cookies);
        (cookies ?? []).Should().NotContain(c => c.StartsWith("decisioner-staff=", StringComparison.Ordinal));

        // A device whose passkey was never added.
        using var stranger = new SoftAuthenticator();
        var unknown = await PasskeySignInAsync(StaffSignIn.Client(Site), stranger);
        (await unknown.Content.ReadAsStringAsync()).Should().Contain("That passkey does not open an account here.");
    }

    [Fact]
    public async Task ALockedAccount_StaysLocked_ForItsPasskey()
    {
        var (client, email) = await SignedInAsync("editor");
        using var device = new SoftAuthenticator();
        await AddAsync(client, device, "Laptop");
        using (var scope = Site.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var user = (await users.FindByNameAsync(email))!;
            (await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddMinutes(15))).Succeeded.Should().BeTrue();
        }

        var response = await PasskeySignInAsync(StaffSignIn.Client(Site), device);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("this account is locked for 15 minutes");
    }

    [Fact]
    public async Task AnAccountWhosePasswordWasPrintedAgain_IsSentToChooseItsOwn_AfterAPasskey()
    {
        var (client, email) = await SignedInAsync("editor");
        using var device = new SoftAuthenticator();
        await AddAsync(client, device, "Laptop");
        using (var scope = Site.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var user = (await users.FindByNameAsync(email))!;
            await users.AddClaimAsync(user, new System.Security.Claims.Claim(StaffAccounts.MustChangePasswordClaim, "true"));
        }

        var response = await PasskeySignInAsync(StaffSignIn.Client(Site), device);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().Should().EndWith(StaffAccounts.PasswordPath + "?returnUrl=%2Fstaff");
    }

    [Fact]
    public async Task RemovingAnAccount_RemovesItsPasskeys()
    {
        var (client, email) = await SignedInAsync("editor");
        using var device = new SoftAuthenticator();
        await AddAsync(client, device, "Laptop");

        var output = new StringWriter();
        (await StaffCommands.RunAsync(Site.Services, ["users", "remove", email], output)).Should().Be(0, output.ToString());

        using (var scope = Site.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Decisioner.Web.Data.SiteDbContext>();
            db.UserPasskeys.AsEnumerable().Should().NotContain(p => p.CredentialId.SequenceEqual(device.CredentialId));
        }

        (await (await PasskeySignInAsync(StaffSignIn.Client(Site), device)).Content.ReadAsStringAsync())
            .Should().Contain("That passkey does not open an account here.");
    }

    [PostgresFact]
    public async Task OnPostgreSql_APasskeyIsStored_SignsIn_AndKeepsItsCounter()
    {
        await using var database = await TestPostgres.CreateAsync();
        using var site = new SiteFactory(Decisioner.Tests.TestPaths.Content, database.Settings);
        var (client, email) = await SignedInAsync(site, "admin");
        using var device = new SoftAuthenticator();
        await AddAsync(client, device, "Laptop");

        for (var i = 0; i < 2; i++)
        {
            var signIn = await PasskeySignInAsync(StaffSignIn.Client(site), device);
            signIn.StatusCode.Should().Be(HttpStatusCode.Redirect, await signIn.Content.ReadAsStringAsync());
        }

        using var scope = site.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var passkey = (await users.GetPasskeysAsync((await users.FindByNameAsync(email))!)).Should().ContainSingle().Subject;
        passkey.Name.Should().Be("Laptop");
        passkey.SignCount.Should().Be(2, "each sign-in stores the device's counter, which a cloned device would fall behind");
    }

    public static TheoryData<string> Garbage =>
    [
        "not json",
        "{}",
        "[]",
        "null",
        "{\"id\":\"!!!\",\"type\":\"public-key\",\"response\":{}}",
        "{\"id\":\"AAAA\",\"rawId\":\"AAAA\",\"type\":\"public-key\",\"response\":{\"clientDataJSON\":\"e30\",\"authenticatorData\":\"AAAA\",\"signature\":\"AAAA\",\"attestationObject\":\"oA\"}}",
        new string('{', 10_000),
        "{\"id\":\"" + new string('A', 20_000) + "\"}",
        "<script>alert(1)</script>",
    ];

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task GarbageForSignIn_GetsAMessage_NeverA500(string answer)
    {
        var client = StaffSignIn.Client(Site);
        var token = await TokenAsync(client, StaffAccounts.SignInPath);

        // Once with no challenge waiting, once with one.
        var without = await PostPasskeySignInAsync(client, token, answer);
        await OptionsAsync(client, StaffPasskeys.RequestOptionsPath, token);
        var with = await PostPasskeySignInAsync(client, token, answer);

        foreach (var response in new[] { without, with })
        {
            var html = await response.Content.ReadAsStringAsync();
            response.StatusCode.Should().Be(HttpStatusCode.OK, html);
            html.Should().ContainAny("That passkey does not open an account here.", "has run out of time or was already used", "far too large to be a passkey");
            html.Should().NotContain("<script>alert(1)</script>");
        }

        (await with.Content.ReadAsStringAsync()).Should().NotContain("run out of time", "a challenge was waiting");
    }

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task GarbageForAdding_GetsAMessage_NeverA500(string answer)
    {
        var (client, _) = await SignedInAsync("editor");
        var token = await TokenAsync(client, StaffPasskeys.PagePath);

        var without = await PostAddAsync(client, token, answer, "Laptop");
        await OptionsAsync(client, StaffPasskeys.CreationOptionsPath, token, OwnPassword);
        var with = await PostAddAsync(client, token, answer, "Laptop");

        foreach (var response in new[] { without, with })
        {
            var html = await response.Content.ReadAsStringAsync();
            response.StatusCode.Should().Be(HttpStatusCode.OK, html);
            html.Should().ContainAny("could not be checked, so no passkey was added", "has run out of time or was already used", "far too large to be a passkey");
            html.Should().Contain("None yet.").And.NotContain("<script>alert(1)</script>");
        }
    }

    [Fact]
    public async Task AnAnswerMadeForAnotherAccount_IsNotAddedToThisOne()
    {
        // One browser: the challenge is made for the first account, which then signs in as a second one.
        var (_, second) = await SignedInAsync("editor");
        var (client, first) = await SignedInAsync("editor");
        using var device = new SoftAuthenticator();
        var answer = device.Create(await OptionsAsync(client, StaffPasskeys.CreationOptionsPath, await TokenAsync(client, StaffPasskeys.PagePath), OwnPassword));
        (await StaffSignIn.PostSignInAsync(client, second, OwnPassword)).StatusCode.Should().Be(HttpStatusCode.Redirect);

        var response = await PostAddAsync(client, await TokenAsync(client, StaffPasskeys.PagePath), answer, "Not mine");

        (await response.Content.ReadAsStringAsync()).Should().Contain("does not belong to this page");
        using var scope = Site.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        (await users.GetPasskeysAsync((await users.FindByNameAsync(first))!)).Should().BeEmpty();
        (await users.GetPasskeysAsync((await users.FindByNameAsync(second))!)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("rename", "", "Give the passkey a name of 1 to 60 characters.")]
    [InlineData("rename", "\u0001\u0002 ", "Give the passkey a name of 1 to 60 characters.")]
    [InlineData("explode", "x", "Choose Rename or Remove.")]
    public async Task BadChanges_GetAMessage(string action, string name, string message)
    {
        var (client, _) = await SignedInAsync("editor");
        using var device = new SoftAuthenticator();
        var page = await AddAsync(client, device, "Laptop");
        var id = CredentialIdField().Match(page).Groups[1].Value;

        (await ChangeAsync(client, id, action, name)).Should().Contain(message);
        (await ChangeAsync(client, id, "rename", new string('n', 10_000))).Should().Contain("Give the passkey a name of 1 to 60 characters.");
        (await ChangeAsync(client, "not base64url!", "remove", "")).Should().Contain("That passkey is not on your account");
        (await ChangeAsync(client, "AAAA", "remove", "")).Should().Contain("That passkey is not on your account");
        (await ChangeAsync(client, new string('A', 5000), "remove", "")).Should().Contain("That passkey is not on your account");
        (await client.GetStringAsync(StaffPasskeys.PagePath)).Should().Contain("value=\"Laptop\"", "nothing was changed");
    }

    [Fact]
    public async Task WithoutScript_ThePasswordFormStands_AndThePasskeyWayIsMarkedAsNeedingIt()
    {
        var html = await StaffSignIn.Client(Site).GetStringAsync(StaffAccounts.SignInPath);

        html.Should().Contain("<section class=\"passkey-sign-in js-only\"", "nojs.css hides it when script is off");
        html.Should().Contain("Signing in with a passkey needs JavaScript");
        html.Should().Contain("autocomplete=\"current-password\"");
        html.Should().NotContain("<script>", "the page carries no inline script").And.NotContain("onclick");
    }

    private Task<(HttpClient Client, string Email)> SignedInAsync(string role) => SignedInAsync(Site, role);

    private static async Task<(HttpClient Client, string Email)> SignedInAsync(SiteFactory site, string role)
    {
        var email = $"{role}-{Guid.NewGuid():N}@example.org";
        var printed = await StaffSignIn.AddUserAsync(site, email, role);
        var client = StaffSignIn.Client(site);
        (await StaffSignIn.PostSignInAsync(client, email, printed)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await StaffSignIn.ChangePasswordAsync(client, printed, OwnPassword)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        return (client, email);
    }

    /// <summary>Adds the device's passkey as the page's script would; returns the page the post answered with.</summary>
    private static async Task<string> AddAsync(HttpClient client, SoftAuthenticator device, string name)
    {
        var token = await TokenAsync(client, StaffPasskeys.PagePath);
        var answer = device.Create(await OptionsAsync(client, StaffPasskeys.CreationOptionsPath, token, OwnPassword));
        var response = await PostAddAsync(client, token, answer, name);
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        html.Should().Contain("added.", html);
        return html;
    }

    private static async Task<HttpResponseMessage> PasskeySignInAsync(HttpClient client, SoftAuthenticator device)
    {
        var token = await TokenAsync(client, StaffAccounts.SignInPath);
        var answer = device.Get(await OptionsAsync(client, StaffPasskeys.RequestOptionsPath, token));
        return await PostPasskeySignInAsync(client, token, answer);
    }

    private static async Task<string> OptionsAsync(HttpClient client, string path, string token, string? password = null)
    {
        var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = token };
        if (password is not null)
        {
            fields["Password"] = password;
        }

        var response = await PostAsync(client, path, fields);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsStringAsync();
    }

    private static Task<HttpResponseMessage> PostPasskeySignInAsync(HttpClient client, string token, string answer) =>
        PostAsync(client, StaffAccounts.SignInPath, new() { ["__RequestVerificationToken"] = token, ["_handler"] = "passkey-sign-in", ["CredentialJson"] = answer });

    private static Task<HttpResponseMessage> PostAddAsync(HttpClient client, string token, string answer, string name) =>
        PostAsync(client, StaffPasskeys.PagePath, new() { ["__RequestVerificationToken"] = token, ["_handler"] = "add-passkey", ["Name"] = name, ["CredentialJson"] = answer });

    private static async Task<string> ChangeAsync(HttpClient client, string credentialId, string action, string name)
    {
        var token = await TokenAsync(client, StaffPasskeys.PagePath);
        var response = await PostAsync(client, StaffPasskeys.PagePath, new()
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "passkey-0",
            ["CredentialId"] = credentialId,
            ["Action"] = action,
            ["Name"] = name,
        });
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, html);
        return html;
    }

    /// <summary>A form post as a browser makes it, with the page's origin (Identity checks the device's answer against it).</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, Dictionary<string, string> fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("Origin", "https://localhost");
        return await client.SendAsync(request);
    }

    private static async Task<string> TokenAsync(HttpClient client, string path)
    {
        var token = Token().Match(await client.GetStringAsync(path)).Groups[1].Value;
        token.Should().NotBeEmpty(path + " carries an antiforgery token");
        return token;
    }

    private static async Task<string> ProblemDetailAsync(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("detail").GetString()!;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("name=\"CredentialId\" value=\"([^\"]+)\"")]
    private static partial Regex CredentialIdField();
}
