using System.Text.RegularExpressions;
using Decisioner.Core.Content;
using Decisioner.Tests;
using Microsoft.Playwright;

namespace Decisioner.E2E.Tests;

/// <summary>
/// A publish cut off by a killed process leaves the old file or the new one, never part of one. The site is killed
/// outright (as a crash or a pulled plug would) while an editor publishes large versions of a guide one after
/// another; after each kill the file must be exactly one of the versions, and the restarted site serves it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class PublishKillTests(BrowserFixture fixture)
{
    private const string Guide = "guides/rag-vs-long-context.md";

    [BrowserFact]
    public async Task APublishCutOffByAKill_LeavesTheOldFileOrTheNew_NeverHalfOfOne()
    {
        using var content = TempContent.CopyOfShipped();
        var original = await File.ReadAllTextAsync(content.PathOf(Guide));
        // Big enough that writing one takes a while: a few hundred kilobytes each, different in every byte position that matters.
        var versions = Enumerable.Range(1, 6).Select(i => original + "\n\n## Appendix " + i + "\n\n" + string.Concat(Enumerable.Repeat($"Line {i} of a long appendix that makes this version large. ", 5000)) + "\n").ToList();
        var allowed = versions.Append(original).ToHashSet(StringComparer.Ordinal);

        await using var site = new SiteProcess(content.Root);
        var password = await site.AddStaffAsync("editor@example.org", "editor");
        await site.StartAsync();
        var page = await fixture.NewPageAsync();
        await StaffBrowser.SignInFirstTimeAsync(page, site.BaseUrl, "/editor", "editor@example.org", password);

        var random = new Random(20261130);
        var killedDuringAPublish = 0;
        for (var round = 0; round < 5; round++)
        {
            var token = await TokenAsync(page, site.BaseUrl);
            using var publishing = new CancellationTokenSource();
            var loop = PublishUntilStoppedAsync(page.APIRequest, site.BaseUrl, token, content, versions, publishing.Token);
            await Task.Delay(random.Next(300, 1200));
            await site.KillAsync();
            publishing.Cancel();
            killedDuringAPublish += await loop;

            var text = await File.ReadAllTextAsync(content.PathOf(Guide));
            allowed.Should().Contain(text, $"round {round}: the file is one whole version ({text.Length} characters)");
            Directory.EnumerateFiles(content.PathOf("guides")).Where(f => !Path.GetFileName(f).StartsWith('.'))
                .Should().HaveCount(Directory.EnumerateFiles(Path.Combine(TestPaths.Content, "guides")).Count(), "no temporary file under a name the site would load");

            await site.StartAsync();
            var served = await page.APIRequest.GetAsync(site.BaseUrl + "/guides/rag-vs-long-context");
            served.Status.Should().Be(200);
            var appendix = AppendixOf(text);
            (await served.TextAsync()).Should().Contain(appendix is null ? "Quick take" : "Appendix " + appendix, "the restarted site serves the version on disk");
        }

        killedDuringAPublish.Should().BeGreaterThan(0, "at least one kill landed while a publish was under way, or the test proved nothing");
    }

    /// <summary>Publishes the versions in turn until stopped; returns 1 if the last publish was cut off, else 0.</summary>
    private static async Task<int> PublishUntilStoppedAsync(IAPIRequestContext api, string baseUrl, string token, TempContent content, List<string> versions, CancellationToken stop)
    {
        var next = 0;
        while (!stop.IsCancellationRequested)
        {
            var disk = await File.ReadAllTextAsync(content.PathOf(Guide), CancellationToken.None);
            var text = versions[next++ % versions.Count];
            if (text == disk)
            {
                continue;
            }

            try
            {
                var response = await api.PostAsync(baseUrl + "/editor/api/publish", new()
                {
                    Form = api.CreateFormData()
                        .Set("__RequestVerificationToken", token)
                        .Set("file", Guide)
                        .Set("text", text)
                        .Set("baseHash", TextHash.Of(disk))
                        .Set("note", "A large appendix"),
                    Timeout = 30_000,
                });
                if (response.Status != 200)
                {
                    throw new InvalidOperationException($"publish answered {response.Status}: {await response.TextAsync()}");
                }
            }
            catch (PlaywrightException)
            {
                // The site went away mid-request.
                return 1;
            }
        }

        return 0;
    }

    private static async Task<string> TokenAsync(IPage page, string baseUrl)
    {
        await page.GotoAsync(baseUrl + "/editor/edit?file=" + Uri.EscapeDataString(Guide));
        return await page.Locator("form[data-editor] input[name=__RequestVerificationToken]").GetAttributeAsync("value") ?? "";
    }

    private static string? AppendixOf(string text) => Appendix().Match(text) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex("## Appendix (\\d+)")]
    private static partial Regex Appendix();
}
