using System.Diagnostics;
using System.Globalization;
using Decisioner.Core.Content;
using Decisioner.Tests;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Decisioner.E2E.Tests;

public sealed class EditorMeasureFactAttribute() : OnRequestFactAttribute("DECISIONER_MEASURE_EDITOR", "1",
    "measurement: DECISIONER_MEASURE_EDITOR=1 dotnet test tests/Decisioner.E2E.Tests --filter EditorSpeedMeasurements");

/// <summary>
/// How fast the editing page answers, measured in Chromium against the published site: the preview after a keystroke
/// on the largest shipped guide (the 150 ms pause included), the quiz check of a draft, and publish to visible.
/// Figures are printed and written to artifacts/editor-speed.txt; docs/performance.md keeps them. Not a pass/fail test.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EditorSpeedMeasurements(BrowserFixture fixture, ITestOutputHelper output)
{
    [EditorMeasureFact]
    public async Task PreviewCheckAndPublish_AsAnEditorSeesThem()
    {
        using var content = TempContent.CopyOfShipped();
        var largest = Directory.EnumerateFiles(content.PathOf("guides"), "*.md").OrderByDescending(f => new FileInfo(f).Length).First();
        var guide = "guides/" + Path.GetFileName(largest);
        await using var site = new SiteProcess(content.Root);
        var password = await site.AddStaffAsync("editor@example.org", "editor");
        await site.StartAsync();
        var page = await fixture.NewPageAsync();
        await StaffBrowser.SignInFirstTimeAsync(page, site.BaseUrl, "/editor", "editor@example.org", password);
        var lines = new List<string> { $"largest guide: {guide}, {new FileInfo(largest).Length:N0} bytes" };

        // Preview: one keystroke at a time, waiting for each refresh.
        await page.GotoAsync(site.BaseUrl + "/editor/edit?file=" + Uri.EscapeDataString(guide));
        var text = page.GetByLabel("Text of " + guide);
        await text.FocusAsync();
        await page.Keyboard.PressAsync("Control+End");
        var report = page.Locator("#draft-report");
        var preview = new List<double>();
        for (var i = 0; i < 25; i++)
        {
            var before = await report.GetAttributeAsync("data-refreshes");
            await page.Keyboard.TypeAsync(i % 5 == 4 ? " " : "x");
            await page.WaitForFunctionAsync("b => document.querySelector('#draft-report').dataset.refreshes !== b", before);
            preview.Add(double.Parse((await report.GetAttributeAsync("data-latency-ms"))!, CultureInfo.InvariantCulture));
            await page.WaitForTimeoutAsync(250);
        }

        lines.Add("preview after a keystroke (100 ms pause included): " + Summary(preview));

        // The quiz check: "Check the quiz" asks at once, without the pause.
        await page.GotoAsync(site.BaseUrl + "/editor/edit?file=" + Uri.EscapeDataString(QuizWeightChange.File));
        await page.GetByLabel("Text of " + QuizWeightChange.File).FillAsync(QuizWeightChange.Apply(await File.ReadAllTextAsync(content.PathOf(QuizWeightChange.File))));
        await page.WaitForTimeoutAsync(2500);
        var check = new List<double>();
        for (var i = 0; i < 8; i++)
        {
            var before = await report.GetAttributeAsync("data-refreshes");
            await page.GetByRole(AriaRole.Button, new() { Name = "Check the quiz" }).ClickAsync();
            await page.WaitForFunctionAsync("b => document.querySelector('#draft-report').dataset.refreshes !== b && document.querySelector('#draft-report').dataset.kind === 'impact'", before, new() { Timeout = 30_000 });
            check.Add(double.Parse((await report.GetAttributeAsync("data-latency-ms"))!, CultureInfo.InvariantCulture));
        }

        lines.Add("quiz check of a draft (52 personas and all 17,006,112 answer sets, before and after): " + Summary(check));

        // Publish to visible: from sending the publish to the public page serving the new text.
        var token = await page.Locator("form[data-editor] input[name=__RequestVerificationToken]").GetAttributeAsync("value");
        var visible = new List<double>();
        var path = content.PathOf("guides/rag-vs-long-context.md");
        for (var i = 0; i < 8; i++)
        {
            var disk = await File.ReadAllTextAsync(path);
            var marker = $"Measured paragraph {i}.";
            var clock = Stopwatch.StartNew();
            var response = await page.APIRequest.PostAsync(site.BaseUrl + "/editor/api/publish", new()
            {
                Form = page.APIRequest.CreateFormData().Set("__RequestVerificationToken", token!).Set("file", "guides/rag-vs-long-context.md")
                    .Set("text", disk.Replace("## Quick take", "## Quick take\n\n" + marker, StringComparison.Ordinal)).Set("baseHash", TextHash.Of(disk)).Set("note", "Measuring"),
            });
            response.Status.Should().Be(200, await response.TextAsync());
            while (!(await (await page.APIRequest.GetAsync(site.BaseUrl + "/guides/rag-vs-long-context")).TextAsync()).Contains(marker, StringComparison.Ordinal))
            {
                await Task.Delay(10);
            }

            visible.Add(clock.Elapsed.TotalMilliseconds);
        }

        lines.Add("publish to visible on the public page: " + Summary(visible));
        foreach (var line in lines)
        {
            output.WriteLine(line);
        }

        Directory.CreateDirectory(Path.Combine(TestPaths.RepoRoot, "artifacts"));
        await File.WriteAllLinesAsync(Path.Combine(TestPaths.RepoRoot, "artifacts", "editor-speed.txt"), lines);
    }

    private static string Summary(List<double> ms)
    {
        var sorted = ms.Order().ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"n={sorted.Count}, median {sorted[sorted.Count / 2]:0} ms, 90th {sorted[(int)(sorted.Count * 0.9)]:0} ms, max {sorted[^1]:0} ms");
    }
}
