using System.Net;
using Decisioner.Core.Content;
using Decisioner.Tests;
using Decisioner.Web.Content;
using Microsoft.Extensions.DependencyInjection;

namespace Decisioner.Web.Tests.Content;

/// <summary>
/// Editors' saves against real files in a temp folder, through the real host. Each test waits for the
/// change with a generous upper bound so it fails instead of hanging; how fast a change shows is
/// measured by tests/scripts/measure-reload.sh, not asserted here.
/// </summary>
public sealed class LiveReloadTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly TempContent _content = TempContent.CopyOfShipped();

    private static string Guide(string title) => $"---\ntitle: {title}\nsummary: S\nupdated: 2026-01-02\n---\n\n## Section\n\nText.\n";

    public static TheoryData<bool> Modes() => new() { false, true };

    private SiteFactory Start(bool polling) =>
        new(_content.Root, polling ? new Dictionary<string, string> { ["Content:UsePolling"] = "true", ["Content:PollIntervalMs"] = "100" } : null);

    private static async Task<string> EventuallyAsync(HttpClient client, string path, Func<HttpResponseMessage, string, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var response = await client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            if (done(response, body))
            {
                return body;
            }

            DateTime.UtcNow.Should().BeBefore(deadline, $"the change to {path} should have been picked up; last status {(int)response.StatusCode}");
            await Task.Delay(50);
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task EditInPlace_IsServedWithoutARestart(bool polling)
    {
        using var site = Start(polling);
        var client = site.CreateClient();
        (await client.GetStringAsync("/guides/rag-vs-long-context")).Should().Contain("<h1 tabindex=\"-1\">RAG vs long-context prompting</h1>");

        var path = _content.PathOf("guides/rag-vs-long-context.md");
        await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(path)).Replace("title: RAG vs long-context prompting", "title: Retrieval or a long prompt?", StringComparison.Ordinal));

        await EventuallyAsync(client, "/guides/rag-vs-long-context", (_, body) => body.Contains("Retrieval or a long prompt?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WriteThenRename_IsServed()
    {
        using var site = Start(polling: false);
        var client = site.CreateClient();
        await client.GetStringAsync("/");

        // How many editors save: write a temporary file beside the real one, then rename it over.
        var temp = _content.PathOf("guides/.rag-vs-long-context.md.swp");
        await File.WriteAllTextAsync(temp, Guide("Saved by rename"));
        File.Move(temp, _content.PathOf("guides/rag-vs-long-context.md"), overwrite: true);

        await EventuallyAsync(client, "/guides/rag-vs-long-context", (_, body) => body.Contains("Saved by rename", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddDeleteAndRename_AreFollowed()
    {
        using var site = Start(polling: false);
        var client = site.CreateClient();
        (await client.GetAsync("/guides/fresh")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        _content.Write("guides/fresh.md", Guide("A fresh guide"));
        await EventuallyAsync(client, "/guides/fresh", (r, body) => r.StatusCode == HttpStatusCode.OK && body.Contains("A fresh guide", StringComparison.Ordinal));
        await EventuallyAsync(client, "/", (_, body) => body.Contains("href=\"/guides/fresh\"", StringComparison.Ordinal));

        File.Move(_content.PathOf("guides/fresh.md"), _content.PathOf("guides/renamed.md"));
        await EventuallyAsync(client, "/guides/renamed", (r, _) => r.StatusCode == HttpStatusCode.OK);
        (await client.GetAsync("/guides/fresh")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        File.Delete(_content.PathOf("guides/renamed.md"));
        await EventuallyAsync(client, "/guides/renamed", (r, _) => r.StatusCode == HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task BrokenEdit_KeepsTheLastGoodVersion_AndReportsTheLine(bool polling)
    {
        using var site = Start(polling);
        var client = site.CreateClient();
        var store = site.Services.GetRequiredService<ContentStore>();
        var before = store.Current;

        _content.Write("guides/rag-vs-long-context.md", "---\ntitle: Half written\nsummary: [oops\n---\n");
        // Waits for a reload that has read the broken text: any reload is not enough, since one started by something
        // else (a file event from the test's own setup, say) can land first and still hold the good text.
        await EventuallyAsync(client, "/guides/rag-vs-long-context", (_, _) => !ReferenceEquals(store.Current, before)
            && store.Current.Files.Single(f => f.Path == "guides/rag-vs-long-context.md").Diagnostics.Any(d => d.IsError));

        var html = await client.GetStringAsync("/guides/rag-vs-long-context");
        html.Should().Contain("RAG vs long-context prompting").And.NotContain("Half written");
        var status = store.Current.Files.Single(f => f.Path == "guides/rag-vs-long-context.md");
        status.Serving.Should().Be(FileServing.LastGood);
        status.Diagnostics.Should().Contain(d => d.IsError && d.Line >= 2);
        (await client.GetAsync("/")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task QuestionnaireEdit_ChangesTheQuizText_AndOldResultLinksStillOpen()
    {
        using var site = Start(polling: false);
        var client = site.CreateClient();
        var link = "/quiz/rag-vs-fine-tuning/result?gap=behavior&examples=50-500";
        (await client.GetAsync(link)).StatusCode.Should().Be(HttpStatusCode.OK);

        var path = _content.PathOf("questionnaires/rag-vs-fine-tuning.yaml");
        await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(path)).Replace(
            "text: What is mainly wrong with the answers a model gives you today?",
            "text: What goes wrong with the answers today?", StringComparison.Ordinal));

        await EventuallyAsync(client, "/quiz/rag-vs-fine-tuning?at=gap", (_, body) => body.Contains("What goes wrong with the answers today?", StringComparison.Ordinal));
        (await client.GetAsync(link)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    public void Dispose() => _content.Dispose();
}
