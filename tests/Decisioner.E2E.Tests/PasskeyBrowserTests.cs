using Microsoft.Playwright;

namespace Decisioner.E2E.Tests;

/// <summary>
/// Passkeys in Chromium with its virtual authenticator (the DevTools protocol's WebAuthn domain): a real
/// browser's WebAuthn calls, the site's script under its Content-Security-Policy, and Identity's checks.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PasskeyBrowserTests(BrowserFixture fixture)
{
    private const string Email = "editor@example.org";
    private const string OwnPassword = "a long password of my own";

    [BrowserFact]
    public async Task AMemberOfStaff_AddsAPasskey_SignsInWithIt_AndRemovesIt()
    {
        await using var site = new SiteProcess();
        var printed = await site.AddStaffAsync(Email, "editor");
        await site.StartAsync();
        // A relying party is named by a domain, never an IP address; Chromium counts http://localhost as secure.
        var baseUrl = site.BaseUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        var page = await NewPageAsync(baseUrl);
        var problems = PageProblems.Watch(page);
        var cdp = await page.Context.NewCDPSessionAsync(page);
        var authenticator = await AddAuthenticatorAsync(cdp);

        // Sign in with the printed password, choose one's own, arrive at the Passkeys page.
        await StaffBrowser.SignInFirstTimeAsync(page, baseUrl, "/account/passkeys", Email, printed);
        await Assertions.Expect(page.GetByText("None yet.")).ToBeVisibleAsync();
        (await Accessibility.WcagViolationsAsync(page)).Should().BeEmpty();
        await BrowserFixture.ScreenshotAsync(page, "passkeys-none-yet");

        // A wrong password is refused before the device is asked, and the refusal is announced.
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Work laptop");
        await page.GetByLabel("Your password").FillAsync("not my password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("That is not your password. No passkey was added.");
        (await CredentialCountAsync(cdp, authenticator)).Should().Be(0);
        problems.Should().OnlyContain(p => p.Contains("400", StringComparison.Ordinal), "the options endpoint refused the password with a 400, and nothing else went wrong");
        problems.Clear();

        await page.GetByLabel("Your password").FillAsync(OwnPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Passkey “Work laptop” added.");
        (await CredentialCountAsync(cdp, authenticator)).Should().Be(1, "the device holds the new passkey");
        await Assertions.Expect(page.GetByLabel("Name").First).ToHaveValueAsync("Work laptop");
        (await Accessibility.WcagViolationsAsync(page)).Should().BeEmpty();
        await BrowserFixture.ScreenshotAsync(page, "passkeys-one-added");

        // On a phone, in dark mode.
        await page.SetViewportSizeAsync(360, 800);
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.GotoAsync(baseUrl + "/account/passkeys"); // not a reload, which would post the form again
        (await Accessibility.WcagViolationsAsync(page)).Should().BeEmpty();
        (await Accessibility.HasHorizontalScrollAsync(page)).Should().BeFalse("no sideways scrolling on a phone");
        await BrowserFixture.ScreenshotAsync(page, "passkeys-phone-dark");
        await page.SetViewportSizeAsync(1280, 900);
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });

        // Sign out, and back in with the passkey alone.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(baseUrl + "/");
        await page.GotoAsync(baseUrl + "/account/sign-in");
        (await Accessibility.WcagViolationsAsync(page)).Should().BeEmpty();
        await BrowserFixture.ScreenshotAsync(page, "sign-in-with-passkey");
        await page.GetByRole(AriaRole.Button, new() { Name = "Use a passkey" }).ClickAsync();
        await page.WaitForURLAsync(baseUrl + "/staff");
        await Assertions.Expect(page.Locator(".staff-bar")).ToContainTextAsync("Signed in as " + Email);

        // Rename it, then remove it: the site no longer accepts it, though the device still offers it.
        await page.GotoAsync(baseUrl + "/account/passkeys");
        await page.GetByLabel("Name").First.FillAsync("Old laptop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rename Work laptop" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("is now called “Old laptop”");
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove Old laptop" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Passkey “Old laptop” removed");
        await Assertions.Expect(page.GetByText("None yet.")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "passkeys-removed");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(baseUrl + "/");
        await page.GotoAsync(baseUrl + "/account/sign-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "Use a passkey" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).First).ToContainTextAsync("That passkey does not open an account here.");
        page.Url.Should().StartWith(baseUrl + "/account/sign-in");
        await BrowserFixture.ScreenshotAsync(page, "sign-in-passkey-refused");

        // A device that cannot verify its user: the browser refuses, and the page says so in words.
        await cdp.SendAsync("WebAuthn.setUserVerified", new Dictionary<string, object> { ["authenticatorId"] = authenticator, ["isUserVerified"] = false });
        await page.GetByRole(AriaRole.Button, new() { Name = "Use a passkey" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-passkey-message]")).ToHaveTextAsync("No passkey was used: the request was cancelled or ran out of time. Try again, or sign in with your password.");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Use a passkey" })).ToBeFocusedAsync();

        problems.Should().BeEmpty("the pages and the passkey script run under the Content-Security-Policy without errors");
    }

    [BrowserFact]
    public async Task WithoutScript_ThePasskeyWayIsHidden_AndThePasswordFormSignsIn()
    {
        await using var site = new SiteProcess();
        var printed = await site.AddStaffAsync(Email, "editor");
        await site.StartAsync();
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = site.BaseUrl, JavaScriptEnabled = false });
        var page = await context.NewPageAsync();

        await page.GotoAsync(site.BaseUrl + "/account/sign-in");
        await BrowserFixture.ScreenshotAsync(page, "sign-in-without-script");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Use a passkey" })).ToBeHiddenAsync();
        // (Playwright's text search passes over <noscript>, so the element is named by CSS.)
        await Assertions.Expect(page.Locator("noscript p")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("noscript p")).ToHaveTextAsync("Signing in with a passkey needs JavaScript. The password form works without it.");

        await page.GetByLabel("Email").FillAsync(Email);
        await page.GetByLabel("Password").FillAsync(printed);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/account/password?**");
        await page.GetByLabel("Current password").FillAsync(printed);
        await page.GetByLabel("New password").FillAsync(OwnPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await page.WaitForURLAsync(site.BaseUrl + "/staff");

        await page.GotoAsync(site.BaseUrl + "/account/passkeys");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" })).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("noscript p")).ToContainTextAsync("Adding a passkey needs JavaScript");
        await Assertions.Expect(page.Locator("noscript p")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "passkeys-without-script");
    }

    private async Task<IPage> NewPageAsync(string baseUrl)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        return await context.NewPageAsync();
    }

    /// <summary>A platform authenticator that holds passkeys and verifies its user, and answers without a prompt.</summary>
    private static async Task<string> AddAuthenticatorAsync(ICDPSession cdp)
    {
        await cdp.SendAsync("WebAuthn.enable", new Dictionary<string, object> { ["enableUI"] = false });
        var added = await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });
        return added!.Value.GetProperty("authenticatorId").GetString()!;
    }

    private static async Task<int> CredentialCountAsync(ICDPSession cdp, string authenticator)
    {
        var result = await cdp.SendAsync("WebAuthn.getCredentials", new Dictionary<string, object> { ["authenticatorId"] = authenticator });
        return result!.Value.GetProperty("credentials").GetArrayLength();
    }
}
