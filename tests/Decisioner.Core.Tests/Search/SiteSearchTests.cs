using Decisioner.Core.Content;
using Decisioner.Core.Search;
using Decisioner.Tests;

namespace Decisioner.Core.Tests.Search;

public sealed class SiteSearchTests : IDisposable
{
    private readonly SiteSearch _search = new(ContentLoader.Load(TestPaths.Content).Guides);

    public void Dispose() => _search.Dispose();

    [Theory]
    [InlineData("embeddings", "/guides/glossary#embedding")]
    [InlineData("rubrics", "/guides/glossary#rubric")]
    [InlineData("few-shot prompting", "/guides/glossary#few-shot-prompting")]
    [InlineData("LORA", "/guides/glossary#lora")]
    [InlineData("held out set", "/guides/glossary#held-out-set")]
    public void GlossaryTerms_ComeFirst_PluralsAndCaseIncluded(string query, string url) =>
        _search.Search(query).Hits[0].Url.Should().Be(url);

    [Theory]
    [InlineData("fine tunning", "fine-tuning")]
    [InlineData("retreival", "retrieval")]
    [InlineData("embedings", "embedding")]
    public void Typos_StillFindTheirPage(string query, string expected) =>
        _search.Search(query).Hits.Take(3).Should().Contain(h => h.Url.Contains(expected, StringComparison.Ordinal), query);

    [Fact]
    public void AHeadingMatch_RanksAboveTheSameWordInBodyText()
    {
        var hits = _search.Search("career mapping").Hits;

        hits[0].Url.Should().Be("/guides/rag-vs-fine-tuning#career-mapping");
    }

    [Fact]
    public void Snippets_MarkTheMatches_AndEncodeEverythingElse()
    {
        var hit = _search.Search("prompt caching").Hits.First(h => h.Url.EndsWith("#prompt-caching", StringComparison.Ordinal));

        hit.SnippetHtml.Should().Contain("<mark>").And.NotContain("<mark><mark>");
        hit.SnippetHtml.Replace("<mark>", "", StringComparison.Ordinal).Replace("</mark>", "", StringComparison.Ordinal).Should().NotContain("<").And.NotContain(">");
    }

    [Theory]
    [InlineData("\"unbalanced")]
    [InlineData("title:(a OR \"b")]
    [InlineData("*:*")]
    [InlineData("fine~2 AND tun*")]
    [InlineData("a* b? [c TO d] {e TO f} +g -h !i ^j \\k /l/ &&m ||n")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("\u0000\uD800\uFFFF")]
    [InlineData("🙂🙂🙂")]
    public void HostileQueries_GetResultsOrANotice_NeverAnError(string query)
    {
        var result = _search.Search(query);

        (result.Hits.Count > 0 || result.Notice is not null || result.Query.Length > 0).Should().BeTrue();
        result.Hits.Should().NotContain(h => !h.Url.StartsWith("/guides/", StringComparison.Ordinal));
    }

    [Fact]
    public void HugeQueries_AreCut_AndSaySo()
    {
        _search.Search(new string('x', 100_000)).Notice.Should().Contain($"first {SiteSearch.MaxQueryLength} characters");
        _search.Search(string.Join(' ', Enumerable.Range(0, 50).Select(i => "word" + i))).Notice.Should().Contain($"first {SiteSearch.MaxWords} words");
        _search.Search("!!! ???").Notice.Should().Contain("signs and symbols");
    }

    [Fact]
    public void EveryGuideSection_IsIndexed()
    {
        var guides = ContentLoader.Load(TestPaths.Content).Guides;

        _search.SectionCount.Should().Be(guides.Sum(g => 1 + g.HeadingIds.Count));
    }
}
