using System.Globalization;
using Decisioner.Tests;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Decisioner.E2E.Tests;

/// <summary>Runs only from tests/scripts/load-and-faults.sh (DECISIONER_LOAD=1): it takes a minute and most of the machine (seconds with its --short).</summary>
public sealed class LoadFactAttribute() : OnRequestFactAttribute("DECISIONER_LOAD", "1", "load test: run tests/scripts/load-and-faults.sh");

[Collection(BrowserCollection.Name)]
public sealed class LoadTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private static int Quizzes => OnRequestQuizzes.Count;

    [LoadFact]
    public async Task SimultaneousQuizzes_CompleteWithoutErrors_AndMemoryReturnsNearItsBaseline()
    {
        await using var site = new SiteProcess(TestPaths.Content, "Diagnostics:Enabled=true", "Limits:MaxCircuitsPerClient=200");
        var password = await site.AddStaffAsync("ops@example.org", "admin");
        await site.StartAsync();
        var memory = await SiteMemory.ForAdminAsync(site.BaseUrl, "ops@example.org", password);

        // One full walk first, so the baseline includes what every quiz shares (compiled code, caches).
        var warm = await fixture.NewPageAsync();
        await WalkAsync(warm, site.BaseUrl, 0);
        await warm.Context.CloseAsync();
        await memory.WaitForNoCircuitsAsync();
        var cold = await memory.MeasureAsync();

        // Two rounds of fifty (by default). The first also grows the shared buffer pools (render trees, sockets) to
        // the size fifty quizzes need; the runtime keeps those and gives them back only slowly, one
        // array a minute, when memory is plentiful (measured with dotnet-gcdump: docs/reliability.md).
        // So "back near its baseline" is judged on the second round, against the server as the first
        // round left it: anything a quiz kept after closing would show there as growth.
        var first = await RoundAsync(site.BaseUrl, memory);
        var second = await RoundAsync(site.BaseUrl, memory);

        var perCircuit = (first.Open.GcHeapBytes - cold.GcHeapBytes) / Math.Max(1, first.Open.OpenCircuits);
        var report = string.Create(CultureInfo.InvariantCulture,
            $"quizzes {Quizzes} x 2 rounds; GC heap after one quiz {cold.GcHeapBytes / 1024} KB; round 1: {first.Open.OpenCircuits} circuits open {first.Open.GcHeapBytes / 1024} KB, after close {first.After.GcHeapBytes / 1024} KB; round 2: open {second.Open.GcHeapBytes / 1024} KB, after close {second.After.GcHeapBytes / 1024} KB; per circuit {perCircuit / 1024} KB; working set {cold.WorkingSetBytes / 1048576} MB, round 1 open {first.Open.WorkingSetBytes / 1048576} MB, after {first.After.WorkingSetBytes / 1048576} MB, round 2 after {second.After.WorkingSetBytes / 1048576} MB");
        output.WriteLine(report);
        Directory.CreateDirectory(Path.Combine(TestPaths.RepoRoot, "artifacts"));
        await File.WriteAllTextAsync(Path.Combine(TestPaths.RepoRoot, "artifacts", "circuits.txt"), report + Environment.NewLine);

        first.Errors.Concat(second.Errors).Should().BeEmpty();
        first.Open.OpenCircuits.Should().Be(Quizzes);
        second.Open.OpenCircuits.Should().Be(Quizzes);
        second.After.OpenCircuits.Should().Be(0);
        // Near the baseline: at least 80 % of what the second round's open quizzes added is given back.
        var added = second.Open.GcHeapBytes - first.After.GcHeapBytes;
        (second.After.GcHeapBytes - first.After.GcHeapBytes).Should().BeLessThan(added / 5, "memory returns near its baseline once the quizzes close");
    }

    private sealed record Round(SiteMemory.Reading Open, SiteMemory.Reading After, IReadOnlyList<string> Errors);

    /// <summary>The quizzes open at once, all answered to the end, then closed.</summary>
    private async Task<Round> RoundAsync(string baseUrl, SiteMemory memory)
    {
        var errors = new List<string>();
        var pages = new List<IPage>();
        for (var i = 0; i < Quizzes; i++)
        {
            var page = await fixture.NewPageAsync();
            page.PageError += (_, e) => { lock (errors) { errors.Add(e); } };
            page.Response += (_, r) => { if (r.Status >= 400) { lock (errors) { errors.Add($"{r.Status} {r.Url}"); } } };
            pages.Add(page);
        }

        // Every quiz opens and becomes interactive: all their circuits at once.
        await Task.WhenAll(pages.Select(p => OpenAsync(p, baseUrl)));
        var open = await memory.MeasureAsync();

        // Then all of them are answered to the end while every circuit stays open. Ten browsers type at
        // a time: fifty Chromium tabs typing at once would starve the two cores the server shares with them.
        using var typing = new SemaphoreSlim(10);
        await Task.WhenAll(pages.Select(async (p, i) =>
        {
            await typing.WaitAsync();
            try
            {
                await WalkAsync(p, baseUrl, i, alreadyOpen: true);
            }
            finally
            {
                typing.Release();
            }
        }));

        foreach (var page in pages)
        {
            await page.Context.CloseAsync();
        }

        await memory.WaitForNoCircuitsAsync();
        return new Round(open, await memory.MeasureAsync(), errors);
    }

    private static async Task OpenAsync(IPage page, string baseUrl)
    {
        await page.GotoAsync(baseUrl + "/quiz/rag-vs-fine-tuning?at=gap", new() { Timeout = 60_000 });
        await page.Locator("[data-interactive=true]").WaitForAsync(new() { Timeout = 60_000 });
    }

    internal static async Task WalkAsync(IPage page, string baseUrl, int seed, bool alreadyOpen = false)
    {
        if (!alreadyOpen)
        {
            await OpenAsync(page, baseUrl);
        }

        for (var step = 1; step <= ShippedQuiz.QuestionCount; step++)
        {
            await Assertions.Expect(page.Locator("h1 .step")).ToHaveTextAsync(ShippedQuiz.StepHeading(step), new() { Timeout = 60_000 });
            var options = await page.Locator("form.quiz-form input[type=radio]").CountAsync();
            var choice = ((seed + step) % options) + 1;
            await page.Keyboard.PressAsync(choice.ToString(CultureInfo.InvariantCulture));
            await Assertions.Expect(page.Locator("form.quiz-form input[type=radio]").Nth(choice - 1)).ToBeCheckedAsync(new() { Timeout = 60_000 });
            await page.Keyboard.PressAsync("Enter");
        }

        // The result opens by enhanced navigation, which fires no load event and, with the result page
        // cached, can finish before a navigation wait is even set up: poll the address, then the page.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/result\\?"), new() { Timeout = 60_000 });
        await page.Locator(".result-header").WaitForAsync(new() { Timeout = 60_000 });
    }
}
