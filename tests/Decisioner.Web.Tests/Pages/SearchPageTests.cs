using System.Net;
using Decisioner.Core.Content;
using Decisioner.Tests;
using Decisioner.Web.Content;
using Microsoft.Extensions.DependencyInjection;

namespace Decisioner.Web.Tests.Pages;

public sealed class SearchPageTests : IClassFixture<ShippedSite>
{
    private readonly HttpClient _client;

    public SearchPageTests(ShippedSite site) => _client = site.Factory.CreateClient();

    [Fact]
    public async Task Search_WorksWithoutScript_AndLinksToTheSection()
    {
        var response = await _client.GetAsync("/search?q=embeddings");
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        html.Should().Contain("<a href=\"/guides/glossary#embedding\">Embedding</a>");
        html.Should().Contain("<mark>");
        html.Should().Contain("value=\"embeddings\"");
        response.Headers.Contains("Set-Cookie").Should().BeFalse("public pages set no cookie");
    }

    [Fact]
    public async Task EveryPage_HasTheSearchBoxInItsHeader()
    {
        foreach (var path in new[] { "/", "/guides/rag-vs-fine-tuning", "/courses", "/quiz/rag-vs-fine-tuning" })
        {
            var html = await _client.GetStringAsync(path);
            html.Should().Contain("<form class=\"header-search\" method=\"get\" action=\"/search\" role=\"search\">", path);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("%22unbalanced")]
    [InlineData("title%3A(a%20OR%20%22b")]
    [InlineData("*%3A*")]
    [InlineData("%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    [InlineData("%00%FF%FE")]
    public async Task HostileQueries_AreAnsweredWithAPage_NeverAnError(string query)
    {
        var response = await _client.GetAsync("/search?q=" + query);
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        html.Should().NotContain("<script>alert");
    }

    [Fact]
    public async Task AHugeQuery_IsCutWithANotice()
    {
        var html = await _client.GetStringAsync("/search?q=" + new string('a', 3000));

        html.Should().Contain("Only the first 200 characters");
    }

    [Fact]
    public async Task AnEditedGuide_IsFoundAfterTheReload_AndABrokenEditKeepsTheLastGoodIndex()
    {
        using var content = TempContent.CopyOfShipped();
        using var site = new SiteFactory(content.Root, new Dictionary<string, string> { ["Content:DebounceMs"] = "50" });
        var client = site.CreateClient();
        var store = site.Services.GetRequiredService<ContentStore>();
        const string GuideFile = "guides/rag-vs-long-context.md";
        var path = content.PathOf(GuideFile);
        var original = await File.ReadAllTextAsync(path);
        (await client.GetStringAsync("/search?q=zebracorn")).Should().Contain("Nothing matched");

        await File.WriteAllTextAsync(path, original.Replace("## Next step", "## Zebracorn section\n\nA zebracorn is a word only this edit uses.\n\n## Next step", StringComparison.Ordinal));
        var found = await EventuallyAsync(async () => (await client.GetStringAsync("/search?q=zebracorn")).Contains("/guides/rag-vs-long-context#zebracorn-section", StringComparison.Ordinal));
        found.Should().BeTrue("the edit is searchable once the site has reloaded it");

        // Wait until the site has read the broken save (its error is listed and the last good version
        // served), so that the search below is made after the reload, not before it.
        await File.WriteAllTextAsync(path, original.Replace("updated: 2026-11-30", "updated: [broken", StringComparison.Ordinal));
        var diagnosed = await EventuallyAsync(() => Task.FromResult(
            store.Current.Files.Any(f => f.Path == GuideFile && f.HasErrors && f.Serving == FileServing.LastGood)));
        diagnosed.Should().BeTrue("the broken save is reloaded and its error listed");
        var afterBrokenSave = await client.GetStringAsync("/search?q=zebracorn");

        afterBrokenSave.Should().Contain("/guides/rag-vs-long-context#zebracorn-section", "a half-written file keeps the last good version, and its index entries");
    }

    /// <summary>Checks until the condition holds, for at most 15 seconds: false when it never did.</summary>
    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }
}
