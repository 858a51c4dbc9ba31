using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Decisioner.Tests;

namespace Decisioner.E2E.Tests;

/// <summary>A published site works wherever it is started from, as a service unit starts it.</summary>
public sealed partial class PublishedSiteTests
{
    [Fact]
    public async Task PublishedSite_StartedFromAnotherDirectory_ServesItsStylesAndScripts_AndIsReady()
    {
        using var folder = TempContent.Empty();
        var publish = Path.Combine(folder.Root, "publish");
        var elsewhere = Directory.CreateDirectory(Path.Combine(folder.Root, "elsewhere")).FullName;
        await RunAsync("dotnet", "publish", Path.Combine(TestPaths.RepoRoot, "src", "Decisioner.Web"), "-c", "Release", "-o", publish);

        await using var site = new SiteProcess()
        {
            Dll = Path.Combine(publish, "Decisioner.Web.dll"),
            WorkingDirectory = elsewhere,
            EnvironmentName = "Production",
            WarmUp = true,
        };
        await site.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(site.BaseUrl) };

        var home = await http.GetStringAsync("/");
        // The page links its files relative to <base href="/">, with fingerprints in their names.
        var assets = AssetRegex().Matches(home).Select(m => "/" + m.Groups[1].Value.TrimStart('/')).ToList();
        assets.Should().Contain(a => a.Contains("app", StringComparison.Ordinal) && a.EndsWith(".css", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            using var response = await http.GetAsync(asset);
            response.StatusCode.Should().Be(HttpStatusCode.OK, asset);
            response.Content.Headers.ContentType?.MediaType.Should().BeOneOf(["text/css", "text/javascript", "application/javascript"], asset);
            (await response.Content.ReadAsByteArrayAsync()).Should().NotBeEmpty(asset);
        }

        // Ready once the warm-up has requested the hot pages from the site itself: 503 with the reason until then.
        var ready = await http.GetAsync("/health/ready");
        for (var wait = 0; ready.StatusCode == HttpStatusCode.ServiceUnavailable && wait < 600; wait++)
        {
            (await ready.Content.ReadAsStringAsync()).Should().Be("Degraded", "warming up: not ready, and not failing");
            (await http.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK, "live never waits for the warm-up");
            await Task.Delay(100);
            ready = await http.GetAsync("/health/ready");
        }

        ready.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.Should().Be(0, await output + await error);
    }

    [GeneratedRegex("(?:href|src)=\"((?!https?:)[^\"#?]+\\.(?:css|js))\"")]
    private static partial Regex AssetRegex();
}
