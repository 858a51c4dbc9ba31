using Microsoft.Playwright;

namespace Decisioner.E2E.Tests;

/// <summary>A member of staff's first visit in the browser: open a staff page, sign in with the printed password, choose one's own, land on the page.</summary>
internal static class StaffBrowser
{
    public static async Task SignInFirstTimeAsync(IPage page, string baseUrl, string path, string email, string printedPassword)
    {
        await page.GotoAsync(baseUrl + path);
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(printedPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await page.WaitForURLAsync("**/account/password?**");
        (await Accessibility.WcagViolationsAsync(page)).Should().BeEmpty();
        await page.GetByLabel("Current password").FillAsync(printedPassword);
        await page.GetByLabel("New password").FillAsync("a long password of my own");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await page.WaitForURLAsync(baseUrl + path);
    }
}
