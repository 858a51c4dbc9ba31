using Decisioner.Tests;
using Microsoft.Playwright;

namespace Decisioner.E2E.Tests;

/// <summary>
/// The admissions desk in Chromium, checked with axe at each step: an admissions member of staff opens a
/// result in presenter mode, saves it with consent, adds a note and a follow-up date, sends the result (it
/// arrives at a real SMTP server in the test process), prints the handout (a PDF from Chromium), finds the
/// session on the desk, exports it, and erases the prospect; an admin's audit trail shows each step.
/// Screenshots in artifacts/screenshots/desk-*.png.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DeskBrowserTests(BrowserFixture fixture)
{
    private const string Result = "/quiz/rag-vs-fine-tuning/result?gap=behavior&examples=50-500&evaluation=automated&capacity=managed-service&presenter=1";

    [BrowserFact]
    public async Task AdmissionsStaff_SaveASession_FollowItUp_ExportIt_AndEraseIt()
    {
        await using var smtp = await Decisioner.Web.Tests.Mail.TestSmtpServer.StartAsync();
        await using var site = new SiteProcess(TestPaths.Content, [.. smtp.Settings.Select(s => $"{s.Key}={s.Value}")]);
        const string staff = "admissions@example.org";
        const string head = "head@example.org";
        var printed = await site.AddStaffAsync(staff, "admissions");
        var headPrinted = await site.AddStaffAsync(head, "admin");
        await site.StartAsync();

        // 1. Signed in, the result in presenter mode carries the save form, both consent boxes unticked.
        var page = await fixture.NewPageAsync();
        await StaffBrowser.SignInFirstTimeAsync(page, site.BaseUrl, "/staff/desk", staff, printed);
        await page.GotoAsync(site.BaseUrl + Result);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Save this session" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("The prospect agrees that we email them this result.")).Not.ToBeCheckedAsync();
        await Assertions.Expect(page.GetByLabel("The prospect agrees that we contact them about our courses.")).Not.ToBeCheckedAsync();
        await Check(page, "desk-1-presenter-result");

        // 2. Save with a name, an email and the "send me this result" consent.
        await page.GetByLabel("Prospect's name").FillAsync("Ada Prospect");
        await page.GetByLabel("Prospect's email").FillAsync("ada@example.org");
        await page.GetByLabel("The prospect agrees that we email them this result.").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save this session" }).ClickAsync();
        await page.WaitForURLAsync("**/staff/desk/*-*-*-*-*");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Ada Prospect");
        await Assertions.Expect(page.Locator("table")).ToContainTextAsync("The prospect agrees that we email them this result.");
        await Check(page, "desk-2-saved-session");
        var sessionUrl = page.Url;

        // 3. A note, then the status and a follow-up date.
        await page.GetByLabel("Add a note").FillAsync("Wants the evening course; call after the open day.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add note" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The note is added.");
        // Post, then redirect: the browser is on the session's address with a flag, so a reload shows the page again and does not add the note twice.
        await Assertions.Expect(page).ToHaveURLAsync(sessionUrl + "?done=note");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".desk-notes li")).ToHaveCountAsync(1);
        await page.GetByLabel("Status", new() { Exact = true }).SelectOptionAsync("contacted");
        await page.GetByLabel("Next follow-up", new() { Exact = true }).FillAsync("2026-12-10");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save status and follow-up" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The status is now contacted.");
        await Assertions.Expect(page.Locator(".desk-notes")).ToContainTextAsync("Wants the evening course");
        await Check(page, "desk-3-note-and-follow-up");

        // 3b. Send the result: it arrives, text and HTML, with the answers-only link; the page shows it sent.
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the result" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The result is queued");
        var message = (await smtp.WaitForAsync(1)).Single();
        message.To.Mailboxes.Single().Address.Should().Be("ada@example.org");
        message.TextBody.Should().Contain("Ada Prospect").And.Contain("/quiz/rag-vs-fine-tuning/result?gap=behavior");
        message.HtmlBody.Should().Contain("/quiz/rag-vs-fine-tuning/result?gap=behavior");
        var link = message.TextBody[message.TextBody.IndexOf("http", StringComparison.Ordinal)..].Split(['\n', '\r', ' ', ')', '>'])[0];
        link.Should().NotContain("presenter").And.NotContain("ada").And.NotContain("@");
        // A reload shows the page again (post, then redirect): it does not send a second message.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("section[aria-labelledby=send-title] table")).ToContainTextAsync("Sent ");
        await Assertions.Expect(page.Locator("section[aria-labelledby=send-title] table tbody tr")).ToHaveCountAsync(1);
        await Check(page, "desk-3b-result-sent");

        // 3c. The prospect's link, printed: one A4 page with the plan, the answers and the QR code.
        var handout = await fixture.NewPageAsync();
        await handout.GotoAsync(link);
        var pdf = await handout.PdfAsync(new PagePdfOptions { Format = "A4", Path = Path.Combine(BrowserFixture.ScreenshotFolder, "desk-3c-handout.pdf") });
        HandoutBrowserTests.PdfPages(pdf).Should().Be(1);
        await handout.EmulateMediaAsync(new() { Media = Media.Print });
        await BrowserFixture.ScreenshotAsync(handout, "desk-3c-handout-print");

        // 4. The desk lists it, with its follow-up date.
        await page.GotoAsync(site.BaseUrl + "/staff/desk");
        var row = page.Locator("table.desk-table tbody tr").Filter(new() { HasText = "Ada Prospect" });
        await Assertions.Expect(row).ToContainTextAsync("2026-12-10");
        await Assertions.Expect(row).ToContainTextAsync("contacted");
        await Check(page, "desk-4-list");

        // 5. Export: a CSV with the session, without the note unless asked for.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download these sessions (CSV)" }).ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        csv.Should().StartWith("id,saved_at_utc,saved_by").And.Contain("Ada Prospect").And.Contain("ada@example.org").And.NotContain("evening course");
        await Check(page, "desk-5-exported");

        // 6. Erase, asked first.
        await page.GotoAsync(sessionUrl);
        await page.GetByRole(AriaRole.Link, new() { Name = "Erase this prospect…" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Yes, erase this prospect" })).ToBeVisibleAsync();
        await Check(page, "desk-6-erase-confirm");
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, erase this prospect" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The prospect is erased");
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("Ada Prospect");
        await Check(page, "desk-7-erased");

        // 7. An admin's audit trail: each step, by session id, without the prospect's name or email.
        var admin = await fixture.NewPageAsync();
        await StaffBrowser.SignInFirstTimeAsync(admin, site.BaseUrl, "/staff/audit", head, headPrinted);
        var table = admin.Locator("table.audit-table");
        foreach (var text in new[] { "Desk session saved", "Desk session viewed", "Desk note added", "Desk status or follow-up changed", "Desk result sent to the prospect", "Desk sessions exported (CSV)", "1 rows", "Desk prospect erased" })
        {
            await Assertions.Expect(table).ToContainTextAsync(text);
        }

        await Assertions.Expect(table).Not.ToContainTextAsync("Ada");
        smtp.Messages.Should().ContainSingle("one send, one message, whatever the reloads");
        await Check(admin, "desk-8-audit");
    }

    private static async Task Check(IPage page, string name)
    {
        (await Accessibility.WcagViolationsAsync(page)).Should().BeEmpty(name);
        await BrowserFixture.ScreenshotAsync(page, name);
    }
}
