using System.Net;
using Decisioner.Tests;
using Decisioner.Web.Content;
using Microsoft.Extensions.DependencyInjection;

namespace Decisioner.Web.Tests.Content;

/// <summary>
/// Two instances reading one content folder, as behind a load balancer with a shared volume: an edit
/// written by someone else (here the test, in production an editor on another instance) is picked up by
/// each instance's polling, and each instance's page cache follows it. How fast is measured by
/// tests/scripts/measure-reload.sh and the cluster script, not asserted here.
/// </summary>
public sealed class SharedFolderTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private const string Guide = "/guides/rag-vs-long-context";

    private readonly TempContent _content = TempContent.CopyOfShipped();

    private SiteFactory Instance() => new(_content.Root, new Dictionary<string, string>
    {
        // A mounted volume sends no file events: polling, as production sets it.
        ["Content:UsePolling"] = "true",
        ["Content:PollIntervalMs"] = "100",
    });

    [Fact]
    public async Task AnEditInTheSharedFolder_IsServedByBothInstances_FromTheirCaches_WithOneVersion()
    {
        using var first = Instance();
        using var second = Instance();
        var clients = new[] { first.CreateClient(), second.CreateClient() };
        first.Services.GetRequiredService<ContentStore>().IsPolling.Should().BeTrue();
        var before = new List<string>();
        foreach (var client in clients)
        {
            await client.GetAsync(Guide);
            var cached = await client.GetAsync(Guide);
            cached.Headers.Age.Should().NotBeNull("each instance has the page in its own cache before the edit");
            before.Add(cached.Headers.ETag!.Tag);
        }

        before.Distinct().Should().ContainSingle("both instances serve one version of the same folder");

        var path = _content.PathOf("guides/rag-vs-long-context.md");
        await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(path)).Replace("title: RAG vs long-context prompting", "title: Retrieval or a long prompt?", StringComparison.Ordinal));

        var after = new List<string>();
        foreach (var client in clients)
        {
            var response = await EventuallyAsync(client, async r => (await r.Content.ReadAsStringAsync()).Contains("Retrieval or a long prompt?", StringComparison.Ordinal));
            after.Add(response.Headers.ETag!.Tag);
        }

        after.Distinct().Should().ContainSingle("both instances name the new content with one version");
        after[0].Should().NotBe(before[0]);
        // Served again from each cache, still the new text: the old entry is never answered for the new version.
        foreach (var client in clients)
        {
            var again = await client.GetAsync(Guide);
            again.Headers.Age.Should().NotBeNull();
            (await again.Content.ReadAsStringAsync()).Should().Contain("Retrieval or a long prompt?").And.NotContain("<h1 tabindex=\"-1\">RAG vs long-context prompting</h1>");
        }
    }

    private static async Task<HttpResponseMessage> EventuallyAsync(HttpClient client, Func<HttpResponseMessage, Task<bool>> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var response = await client.GetAsync(Guide);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            if (await done(response))
            {
                return response;
            }

            DateTime.UtcNow.Should().BeBefore(deadline, "the edit should have been picked up by polling");
            await Task.Delay(50);
        }
    }

    public void Dispose() => _content.Dispose();
}
