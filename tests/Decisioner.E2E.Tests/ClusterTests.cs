using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Decisioner.Tests;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Decisioner.E2E.Tests;

/// <summary>
/// Runs only from tests/scripts/cluster.sh, which starts two instances behind HAProxy and sets
/// DECISIONER_CLUSTER_URL to the balancer (HTTPS, its own self-signed certificate).
/// </summary>
public sealed class ClusterFactAttribute() : OnRequestFactAttribute("DECISIONER_CLUSTER_URL", null, "cluster: run tests/scripts/cluster.sh");

/// <summary>The browser steps of cluster.sh: quizzes spread over both instances, and an instance killed in the middle of one.</summary>
public sealed class ClusterTests(ITestOutputHelper output)
{
    /// <summary>The balancer's affinity cookie (cluster.sh's HAProxy configuration): set on the circuit's first request, naming the instance.</summary>
    private const string AffinityCookie = "SRV";

    private static string BaseUrl => Environment.GetEnvironmentVariable("DECISIONER_CLUSTER_URL")!;

    [ClusterFact]
    public async Task Quizzes_CompleteThroughTheBalancer_OnBothInstances()
    {
        var quizzes = OnRequestQuizzes.Count;
        await using var browser = await LaunchAsync();
        var errors = new ConcurrentQueue<string>();
        var pages = new List<IPage>();
        for (var i = 0; i < quizzes; i++)
        {
            pages.Add(await NewPageAsync(browser, errors));
        }

        // Ten browsers type at a time, as in LoadTests: fifty at once would starve the two cores.
        using var typing = new SemaphoreSlim(10);
        await Task.WhenAll(pages.Select(async (page, i) =>
        {
            await typing.WaitAsync();
            try
            {
                await LoadTests.WalkAsync(page, BaseUrl, i);
            }
            finally
            {
                typing.Release();
            }
        }));

        var served = new Dictionary<string, int>();
        foreach (var page in pages)
        {
            var instance = await InstanceOfAsync(page) ?? "(no affinity cookie)";
            served[instance] = served.GetValueOrDefault(instance) + 1;
            await page.Context.CloseAsync();
        }

        var spread = string.Join(", ", served.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value}"));
        Report("quizzes", $"{quizzes} quizzes completed, {errors.Count} errors; circuits per instance: {spread}");
        errors.Should().BeEmpty();
        served.Keys.Should().HaveCount(2, "the balancer spreads new visitors over both instances").And.NotContain("(no affinity cookie)");
    }

    [ClusterFact]
    public async Task InstanceKilled_InTheMiddleOfAQuiz_ThePageResumesOnTheOther()
    {
        var kill = Environment.GetEnvironmentVariable("DECISIONER_CLUSTER_KILL");
        kill.Should().NotBeNullOrEmpty("cluster.sh names the command that kills an instance");
        await using var browser = await LaunchAsync();
        var errors = new ConcurrentQueue<string>();
        var page = await NewPageAsync(browser, errors, countErrors: false);

        await page.GotoAsync(BaseUrl + "/quiz/rag-vs-fine-tuning?at=examples&gap=behavior&change-rate=rarely");
        await page.Locator("[data-interactive=true]").WaitForAsync(new() { Timeout = 60_000 });
        await page.Locator("label.option", new() { HasText = "More than 500" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("examples=over-500"));
        var heading = await page.Locator("h1 .step").TextContentAsync();
        var first = await InstanceOfAsync(page);
        first.Should().NotBeNull("the circuit's instance is named by the affinity cookie");

        var killed = Stopwatch.StartNew();
        using (var process = Process.Start(new ProcessStartInfo("bash", ["-c", kill + " " + first]) { UseShellExecute = false }))
        {
            await process!.WaitForExitAsync();
            process.ExitCode.Should().Be(0, "the kill command works");
        }

        // No reload by the test: the page's own reconnection finds the circuit gone, and the framework
        // reloads the page, which the balancer sends to the instance still running.
        await Assertions.Expect(page.Locator("[data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var second = await InstanceOfAsync(page);
        for (var wait = 0; second == first && wait < 600; wait++)
        {
            await Task.Delay(100);
            second = await InstanceOfAsync(page);
        }

        second.Should().NotBe(first, "the page's circuit now lives on the other instance");
        await page.Locator("[data-interactive=true]").WaitForAsync(new() { Timeout = 60_000 });
        var recovered = killed.ElapsedMilliseconds;
        (await page.Locator("h1 .step").TextContentAsync()).Should().Be(heading, "the quiz resumes at the same question");
        (await page.Locator("input[value=over-500]").IsCheckedAsync()).Should().BeTrue("the answer given before the kill is kept");

        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1 .step")).ToHaveTextAsync(ShippedQuiz.StepHeading(ShippedQuiz.StepOf("examples") + 1));
        page.Url.Should().Contain("gap=behavior").And.Contain("change-rate=rarely").And.Contain("examples=over-500");
        Report("failover", string.Create(CultureInfo.InvariantCulture,
            $"instance {first} killed at '{heading}'; the page came back on {second} at the same question with its answers after {recovered} ms, and went on to the next"));
    }

    private void Report(string name, string line)
    {
        output.WriteLine(line);
        Directory.CreateDirectory(Path.Combine(TestPaths.RepoRoot, "artifacts"));
        File.WriteAllText(Path.Combine(TestPaths.RepoRoot, "artifacts", $"cluster-{name}.txt"), line + Environment.NewLine);
    }

    private static async Task<string?> InstanceOfAsync(IPage page) =>
        (await page.Context.CookiesAsync()).FirstOrDefault(c => c.Name == AffinityCookie)?.Value;

    private static async Task<Browser> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium.ExecutablePath, Headless = true, Args = Chromium.Args });
        return new Browser(playwright, browser);
    }

    /// <summary>A visitor of their own (own cookies, so their own affinity); errors and refused requests are collected.</summary>
    private static async Task<IPage> NewPageAsync(Browser browser, ConcurrentQueue<string> errors, bool countErrors = true)
    {
        // The balancer's certificate is self-signed, made by cluster.sh for this run.
        var context = await browser.Value.NewContextAsync(new() { IgnoreHTTPSErrors = true });
        var page = await context.NewPageAsync();
        if (countErrors)
        {
            page.PageError += (_, e) => errors.Enqueue("error: " + e);
            page.Response += (_, r) => { if (r.Status >= 400) { errors.Enqueue($"{r.Status} {r.Url}"); } };
        }

        return page;
    }

    private sealed class Browser(IPlaywright playwright, IBrowser browser) : IAsyncDisposable
    {
        public IBrowser Value => browser;

        public async ValueTask DisposeAsync()
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
