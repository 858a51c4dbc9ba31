using System.Globalization;
using Decisioner.Tests;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Decisioner.E2E.Tests;

/// <summary>Runs only from tests/Decisioner.Benchmarks/load.sh, which sets DECISIONER_PERF_URL to the published site it started.</summary>
public sealed class PerfFactAttribute() : OnRequestFactAttribute("DECISIONER_PERF_URL", null, "measurement: run tests/Decisioner.Benchmarks/load.sh");

/// <summary>
/// Memory per open interactive quiz: 50 visitors (or DECISIONER_QUIZZES), each in their own browser context, open the quiz and
/// keep it open; the GC heap after a full collection is compared with the heap before they came.
/// </summary>
public sealed class CircuitMemoryTests(ITestOutputHelper output)
{
    private static int Quizzes => OnRequestQuizzes.Count;

    [PerfFact]
    public async Task OpenQuizzes_MemoryPerCircuit()
    {
        var baseUrl = Environment.GetEnvironmentVariable("DECISIONER_PERF_URL")!;
        // load.sh makes this admin with the site's own users command: the memory endpoint is for admins.
        var memory = await SiteMemory.ForAdminAsync(baseUrl, Environment.GetEnvironmentVariable("DECISIONER_PERF_ADMIN")!, Environment.GetEnvironmentVariable("DECISIONER_PERF_PASSWORD")!);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium.ExecutablePath, Headless = true, Args = Chromium.Args });
        async Task<IPage> OpenAsync()
        {
            var context = await browser.NewContextAsync(new() { BaseURL = baseUrl });
            var page = await context.NewPageAsync();
            var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();
            page.Console += (_, m) => seen.Enqueue($"console {m.Type}: {m.Text}");
            page.PageError += (_, e) => seen.Enqueue("error: " + e);
            page.Response += (_, r) => { if (r.Status >= 400) { seen.Enqueue($"{r.Status} {r.Url}"); } };
            page.WebSocket += (_, ws) => ws.Close += (_, _) => seen.Enqueue("websocket closed: " + ws.Url);
            await page.GotoAsync("/quiz/rag-vs-fine-tuning?at=gap");
            try
            {
                await page.Locator("[data-interactive=true]").WaitForAsync(new() { Timeout = 60_000 });
            }
            catch (TimeoutException)
            {
                throw new InvalidOperationException("the quiz did not become interactive; the page saw: " + string.Join(" | ", seen));
            }

            return page;
        }

        // One quiz first, so the baseline holds what all of them share (compiled code, caches, pools).
        var warm = await OpenAsync();
        await warm.Context.CloseAsync();
        await memory.WaitForNoCircuitsAsync();
        var baseline = await memory.MeasureAsync();

        var pages = new List<IPage>();
        for (var i = 0; i < Quizzes; i++)
        {
            pages.Add(await OpenAsync());
        }

        var open = await memory.MeasureAsync();
        var perCircuit = (open.GcHeapBytes - baseline.GcHeapBytes) / (double)open.OpenCircuits;
        var report = string.Create(CultureInfo.InvariantCulture,
            $"circuits {open.OpenCircuits}; GC heap {baseline.GcHeapBytes / 1024} KB before, {open.GcHeapBytes / 1024} KB with them open: {perCircuit / 1024:F0} KB per circuit; working set {baseline.WorkingSetBytes / 1048576} MB before, {open.WorkingSetBytes / 1048576} MB open");
        output.WriteLine(report);
        Directory.CreateDirectory(Path.Combine(TestPaths.RepoRoot, "artifacts"));
        await File.WriteAllTextAsync(Path.Combine(TestPaths.RepoRoot, "artifacts", "circuit-memory.txt"), report + Environment.NewLine);

        foreach (var page in pages)
        {
            await page.Context.CloseAsync();
        }

        open.OpenCircuits.Should().Be(Quizzes, "every quiz holds its own circuit while it is open");
    }
}
