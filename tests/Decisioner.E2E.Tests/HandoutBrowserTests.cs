using System.Text;
using System.Text.RegularExpressions;
using Decisioner.Tests;
using Microsoft.Playwright;

namespace Decisioner.E2E.Tests;

/// <summary>
/// The result printed from Chromium (issue 21, "Printable handout"): exactly one A4 or Letter page for the
/// shipped personas whose results differ most (the longest plan among them), only the handout's parts on
/// paper, light even from a dark screen, and no policy violation from the inline QR code. Each PDF and a
/// screenshot of the print-emulated page are kept as artifacts (artifacts/screenshots/handout-*).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class HandoutBrowserTests(BrowserFixture fixture)
{
    public static TheoryData<string, string> PersonasAndPaper()
    {
        var data = new TheoryData<string, string>();
        foreach (var example in HandoutPersonas.Varied())
        {
            data.Add(example.PersonaName, "A4");
            data.Add(example.PersonaName, "Letter");
        }

        return data;
    }

    [BrowserTheory]
    [MemberData(nameof(PersonasAndPaper))]
    public async Task Handout_IsExactlyOnePage(string persona, string paper)
    {
        var example = HandoutPersonas.Varied().Single(e => e.PersonaName == persona);
        var page = await fixture.NewPageAsync();
        var problems = PageProblems.Watch(page);
        await page.GotoAsync(example.ResultPath);

        var pdf = await page.PdfAsync(new PagePdfOptions { Format = paper });
        await File.WriteAllBytesAsync(Path.Combine(BrowserFixture.ScreenshotFolder, $"handout-{Slug(persona)}-{paper.ToLowerInvariant()}.pdf"), pdf);

        PdfPages(pdf).Should().Be(1, $"the result for \"{persona}\" ({example.Why}, {example.Result.Plan.Count} plan steps) must print on one {paper} page");
        problems.Should().BeEmpty("the inline QR code loads nothing and breaks no policy");
    }

    [BrowserFact]
    public async Task PrintedPage_ShowsOnlyTheHandout_InPlanAnswersLinkCourseOrder()
    {
        var example = HandoutPersonas.Varied()[0];
        // The printable area of A4 with the stylesheet's margins (186 x 277 mm at 96 px to the inch), so the screenshot looks like the paper.
        var page = await fixture.NewPageAsync(width: 703, height: 1047);
        await page.GotoAsync(example.ResultPath);

        // On screen, outside presenter mode, the handout's parts are hidden.
        (await page.Locator(".handout").First.IsVisibleAsync()).Should().BeFalse();

        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await BrowserFixture.ScreenshotAsync(page, "handout-print-" + Slug(example.PersonaName));

        foreach (var shown in new[] { "h1", ".plan", ".handout-answers", ".handout-link .qr svg", ".handout-url", ".handout-course" })
        {
            (await page.Locator(shown).First.IsVisibleAsync()).Should().BeTrue($"{shown} is part of the handout");
        }

        foreach (var hidden in new[] { ".site-header", ".site-footer", ".what-if", ".share", "#scores-title", "#why-title", "#flips-title", "#readiness-title", ".plan-step p.meta" })
        {
            (await page.Locator(hidden).First.IsVisibleAsync()).Should().BeFalse($"{hidden} stays on screen");
        }

        (await page.EvaluateAsync<int>("() => [...document.querySelectorAll('button, input, select, a.button')].filter(e => e.checkVisibility()).length"))
            .Should().Be(0, "no control is printed");

        // Reading order on paper: the plan, then the answers, the link and the course.
        var tops = new List<float>();
        foreach (var part in new[] { ".plan", ".handout-answers", ".handout-course" })
        {
            tops.Add((await page.Locator(part).BoundingBoxAsync())!.Y);
        }

        tops.Should().BeInAscendingOrder();
        var plan = (await page.Locator(".plan").BoundingBoxAsync())!;
        var link = (await page.Locator(".handout-link").BoundingBoxAsync())!;
        link.Y.Should().BeGreaterThan(plan.Y + plan.Height, "the link comes after the plan");

        // The code is square and big enough for a phone to read off paper (at least 25 mm; CSS has 96 px to 25.4 mm).
        var code = (await page.Locator(".handout-link .qr svg").BoundingBoxAsync())!;
        code.Width.Should().BeApproximately(code.Height, 1);
        code.Width.Should().BeGreaterThan(25 / 25.4f * 96);
    }

    [BrowserFact]
    public async Task DarkScreen_PrintsLight()
    {
        var example = HandoutPersonas.Varied()[0];
        var page = await fixture.NewPageAsync(width: 703, height: 1047, scheme: ColorScheme.Dark);
        await page.GotoAsync(example.ResultPath);
        (await BackgroundAsync(page)).Should().NotBe("rgb(255, 255, 255)", "the screen is dark to begin with");

        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print, ColorScheme = ColorScheme.Dark });
        await BrowserFixture.ScreenshotAsync(page, "handout-print-dark-" + Slug(example.PersonaName));

        (await BackgroundAsync(page)).Should().Be("rgb(255, 255, 255)");
        foreach (var text in new[] { "h1", ".plan-text", ".answers-brief dd", ".handout-url" })
        {
            (await page.Locator(text).First.EvaluateAsync<string>("e => getComputedStyle(e).color")).Should().Be("rgb(0, 0, 0)", $"{text} is black on paper");
        }

        var pdf = await page.PdfAsync(new PagePdfOptions { Format = "A4" });
        PdfPages(pdf).Should().Be(1);
    }

    [BrowserFact]
    public async Task PrintButton_CallsPrint_AndPresenterModeShowsTheCodeOnScreen()
    {
        var example = HandoutPersonas.Varied()[0];
        var page = await fixture.NewPageAsync();
        // Counts calls instead of opening the print dialog (an init script is not subject to the page's policy).
        await page.AddInitScriptAsync("window.__prints = 0; window.print = () => { window.__prints++; };");
        await page.GotoAsync(example.ResultPath + "&presenter=1");

        await page.GetByRole(AriaRole.Button, new() { Name = "Print this result" }).ClickAsync();
        (await page.EvaluateAsync<int>("() => window.__prints")).Should().Be(1);
        (await page.GetByText("use your browser's Print command").IsVisibleAsync()).Should().BeFalse("with script the button does it");

        var code = page.Locator(".handout-link .qr");
        (await code.IsVisibleAsync()).Should().BeTrue("a prospect can scan the result from the shared screen");
        (await page.Locator(".handout-answers").IsVisibleAsync()).Should().BeFalse("the answers are on screen already");
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR code of the address printed beside it" })).ToBeVisibleAsync();
        (await Accessibility.WcagViolationsAsync(page)).Should().BeEmpty();
        await BrowserFixture.ScreenshotAsync(page, "handout-presenter-screen");
    }

    [BrowserFact]
    public async Task WithoutScript_ThePageSaysHowToPrint()
    {
        var page = await fixture.NewPageAsync(javaScript: false);
        await page.GotoAsync(HandoutPersonas.Varied()[0].ResultPath);

        (await page.GetByRole(AriaRole.Button, new() { Name = "Print this result" }).IsVisibleAsync()).Should().BeFalse("the button needs script");
        await Assertions.Expect(page.GetByText("use your browser's Print command")).ToBeVisibleAsync();
    }

    private static async Task<string> BackgroundAsync(IPage page) =>
        await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");

    /// <summary>Pages in a PDF as Chromium writes it: one "/Type /Page" object per page (the tree's root is "/Pages").</summary>
    internal static int PdfPages(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        text.Should().StartWith("%PDF-");
        var count = PageObject().Count(text);
        count.Should().BeGreaterThan(0, "a PDF that counts no page is one this test cannot read");
        return count;
    }

    private static string Slug(string name) => NonWord().Replace(name.ToLowerInvariant(), "-").Trim('-');

    [GeneratedRegex(@"/Type\s*/Page(?![A-Za-z])")]
    private static partial Regex PageObject();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonWord();
}
