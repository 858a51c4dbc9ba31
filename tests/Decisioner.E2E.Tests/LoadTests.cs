using System.Globalization;
using System.Net.Http.Json;
using Decisioner.Tests;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Decisioner.E2E.Tests;

/// <summary>Runs only from tests/scripts/load-and-faults.sh (DECISIONER_LOAD=1): it takes a minute and most of the machine.</summary>
public sealed class LoadFactAttribute : FactAttribute
{
    public LoadFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("DECISIONER_LOAD") != "1")
        {
            Skip = "load test: run tests/scripts/load-and-faults.sh";
        }
        else if (!Chromium.IsInstalled)
        {
            Skip = $"Chromium not found at {Chromium.ExecutablePath}: install it with 'apt-get install -y chromium'";
        }
    }
}

[Collection(BrowserCollection.Name)]
public sealed class LoadTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private const int Quizzes = 50;

    private sealed record Memory(long GcHeapBytes, long WorkingSetBytes, int OpenCircuits);

    [LoadFact]
    public async Task FiftySimultaneousQuizzes_CompleteWithoutErrors_AndMemoryReturnsNearItsBaseline()
    {
        await using var site = new SiteProcess(TestPaths.Content, "Diagnostics:Enabled=true", "Limits:MaxCircuitsPerClient=200");
        await site.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(site.BaseUrl) };
        async Task<Memory> MeasureAsync() => (await http.GetFromJsonAsync<Memory>("/diagnostics/memory"))!;

        // Warm up one full walk so the baseline includes what every quiz shares (compiled code, caches).
        var warm = await fixture.NewPageAsync();
        await WalkAsync(warm, site.BaseUrl, 0);
        await warm.Context.CloseAsync();
        await WaitForCircuitsAsync(MeasureAsync, 0);
        var baseline = await MeasureAsync();

        var errors = new List<string>();
        var pages = new List<IPage>();
        for (var i = 0; i < Quizzes; i++)
        {
            var page = await fixture.NewPageAsync();
            page.PageError += (_, e) => { lock (errors) { errors.Add(e); } };
            page.Response += (_, r) => { if (r.Status >= 400) { lock (errors) { errors.Add($"{r.Status} {r.Url}"); } } };
            pages.Add(page);
        }

        // Every quiz opens and becomes interactive: 50 circuits at once.
        await Task.WhenAll(pages.Select(p => OpenAsync(p, site.BaseUrl)));
        var open = await MeasureAsync();

        // Then all of them are answered to the end while every circuit stays open. Ten browsers type at
        // a time: fifty Chromium tabs typing at once would starve the two cores the server shares with them.
        using var typing = new SemaphoreSlim(10);
        await Task.WhenAll(pages.Select(async (p, i) =>
        {
            await typing.WaitAsync();
            try
            {
                await WalkAsync(p, site.BaseUrl, i, alreadyOpen: true);
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

        await WaitForCircuitsAsync(MeasureAsync, 0);
        // Pooled buffers (the shared array pool, Kestrel's and SignalR's) are trimmed only once they have
        // gone unused for about a minute, at a full collection: wait that long before measuring.
        await Task.Delay(TimeSpan.FromSeconds(75));
        var after = await MeasureAsync();

        var perCircuit = (open.GcHeapBytes - baseline.GcHeapBytes) / Math.Max(1, open.OpenCircuits);
        var report = string.Create(CultureInfo.InvariantCulture,
            $"quizzes {Quizzes}; open circuits {open.OpenCircuits}; GC heap baseline {baseline.GcHeapBytes / 1024} KB, with circuits open {open.GcHeapBytes / 1024} KB, after close {after.GcHeapBytes / 1024} KB; per circuit {perCircuit / 1024} KB; working set baseline {baseline.WorkingSetBytes / 1048576} MB, open {open.WorkingSetBytes / 1048576} MB, after {after.WorkingSetBytes / 1048576} MB");
        output.WriteLine(report);
        Directory.CreateDirectory(Path.Combine(TestPaths.RepoRoot, "artifacts"));
        await File.WriteAllTextAsync(Path.Combine(TestPaths.RepoRoot, "artifacts", "circuits.txt"), report + Environment.NewLine);

        errors.Should().BeEmpty();
        open.OpenCircuits.Should().Be(Quizzes);
        after.OpenCircuits.Should().Be(0);
        // Near the baseline: at least 80 % of what the open quizzes added is given back.
        (after.GcHeapBytes - baseline.GcHeapBytes).Should().BeLessThan((open.GcHeapBytes - baseline.GcHeapBytes) / 5, "memory returns near its baseline once the quizzes close");
    }

    private static async Task OpenAsync(IPage page, string baseUrl)
    {
        await page.GotoAsync(baseUrl + "/quiz/rag-vs-fine-tuning?at=gap");
        await page.Locator("[data-interactive=true]").WaitForAsync(new() { Timeout = 60_000 });
    }

    private static async Task WalkAsync(IPage page, string baseUrl, int seed, bool alreadyOpen = false)
    {
        if (!alreadyOpen)
        {
            await OpenAsync(page, baseUrl);
        }

        for (var step = 1; step <= 13; step++)
        {
            await Assertions.Expect(page.Locator("h1 .step")).ToHaveTextAsync($"Question {step} of 13", new() { Timeout = 60_000 });
            var options = await page.Locator("form.quiz-form input[type=radio]").CountAsync();
            var choice = ((seed + step) % options) + 1;
            await page.Keyboard.PressAsync(choice.ToString(CultureInfo.InvariantCulture));
            await Assertions.Expect(page.Locator("form.quiz-form input[type=radio]").Nth(choice - 1)).ToBeCheckedAsync(new() { Timeout = 60_000 });
            await page.Keyboard.PressAsync("Enter");
        }

        // The result opens by enhanced navigation, which fires no load event: wait for the address, then the page.
        await page.WaitForURLAsync("**/result?**", new() { Timeout = 60_000, WaitUntil = WaitUntilState.Commit });
        await page.Locator(".result-header").WaitForAsync(new() { Timeout = 60_000 });
    }

    /// <summary>
    /// A closed tab usually ends its circuit at once; one whose goodbye was lost is dropped when the
    /// retention period (one minute, see Program.cs) runs out, so wait up to a little longer than that.
    /// </summary>
    private static async Task WaitForCircuitsAsync(Func<Task<Memory>> measure, int expected)
    {
        for (var i = 0; i < 90 && (await measure()).OpenCircuits != expected; i++)
        {
            await Task.Delay(1000);
        }
    }
}
