using System.Net;
using System.Net.Http.Headers;
using Decisioner.Tests;
using Decisioner.Web.Content;
using Microsoft.Extensions.DependencyInjection;

namespace Decisioner.Web.Tests.Pages;

/// <summary>
/// Pages that are the same for every reader come from the output cache: no cookie, an ETag, a 304 for a
/// matching conditional GET, and a new version as soon as content changes.
/// </summary>
public sealed class PageCacheTests(ShippedSite site) : IClassFixture<ShippedSite>
{
    private const string Result = "/quiz/rag-vs-fine-tuning/result?gap=behavior&examples=50-500&evaluation=automated&capacity=managed-service";

    public static TheoryData<string> SharedPages() => new() { "/", "/guides/rag-vs-fine-tuning", "/guides/rag-vs-long-context", "/courses", Result };

    [Theory]
    [MemberData(nameof(SharedPages))]
    public async Task SharedPage_SetsNoCookie_AndCarriesAValidator(string path)
    {
        using var response = await site.Factory.CreateClient().GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.Contains("Set-Cookie").Should().BeFalse("a page without a form needs no antiforgery cookie");
        response.Headers.ETag.Should().NotBeNull();
        response.Headers.CacheControl!.NoCache.Should().BeTrue();
        response.Headers.CacheControl.NoStore.Should().BeFalse();
        response.Headers.Contains("Content-Security-Policy").Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(SharedPages))]
    public async Task SecondRequest_IsTheSameBytes_FromTheCache_WithSecurityHeaders(string path)
    {
        var client = site.Factory.CreateClient();
        var first = await client.GetStringAsync(path);

        using var second = await client.GetAsync(path);

        (await second.Content.ReadAsStringAsync()).Should().Be(first);
        second.Headers.Age.Should().NotBeNull("the output cache adds Age to what it serves");
        second.Headers.GetValues("Content-Security-Policy").Should().ContainSingle();
        second.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
    }

    [Theory]
    [MemberData(nameof(SharedPages))]
    public async Task MatchingIfNoneMatch_GetsNotModified_WithTheSameETag(string path)
    {
        var client = site.Factory.CreateClient();
        var etag = (await client.GetAsync(path)).Headers.ETag!;

        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.IfNoneMatch.Add(etag);
        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.NotModified);
        response.Headers.ETag.Should().Be(etag);
        (await response.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task CompressedCopy_IsTheSamePage_AndIsCachedPerEncoding(string encoding)
    {
        var client = site.Factory.CreateClient();
        var plain = await client.GetStringAsync("/guides/rag-vs-fine-tuning");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/guides/rag-vs-fine-tuning");
        request.Headers.AcceptEncoding.ParseAdd(encoding);
        await client.SendAsync(request);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/guides/rag-vs-fine-tuning");
        again.Headers.AcceptEncoding.ParseAdd(encoding);
        using var response = await client.SendAsync(again);

        response.Content.Headers.ContentEncoding.Should().Equal(encoding);
        response.Headers.Age.Should().NotBeNull("the compressed copy is what the cache keeps");
        response.Headers.ETag!.IsWeak.Should().BeTrue("plain and compressed copies are the same page");
        var compressed = await response.Content.ReadAsByteArrayAsync();
        compressed.Length.Should().BeLessThan(System.Text.Encoding.UTF8.GetByteCount(plain) / 2);
        using var input = new MemoryStream(compressed);
        using Stream decoder = encoding == "br"
            ? new System.IO.Compression.BrotliStream(input, System.IO.Compression.CompressionMode.Decompress)
            : new System.IO.Compression.GZipStream(input, System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(decoder);
        // Each render encrypts Blazor's state comment afresh (a new IV): compare the pages without it.
        (await reader.ReadToEndAsync()).WithoutStateComment().Should().Be(plain.WithoutStateComment());
    }

    [Fact]
    public async Task StaleIfNoneMatch_GetsTheWholePage()
    {
        var client = site.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/guides/rag-vs-fine-tuning");
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"old-version\""));

        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("<h1 tabindex=\"-1\">RAG vs fine-tuning</h1>");
    }

    [Fact]
    public async Task DifferentAnswerSets_AreDifferentEntries()
    {
        var client = site.Factory.CreateClient();
        var fineTuning = await client.GetStringAsync(Result + "&target-clarity=precise&change-rate=rarely");
        var rag = await client.GetStringAsync("/quiz/rag-vs-fine-tuning/result?gap=missing-knowledge");

        fineTuning.Should().Contain("Fine-tuning, confirm readiness first: push prompting as far as it goes; fine-tune only if it falls short");
        rag.Should().Contain("<h1 tabindex=\"-1\">RAG: set up retrieval").And.NotContain("<h1 tabindex=\"-1\">Fine-tuning");
        (await client.GetStringAsync("/quiz/rag-vs-fine-tuning/result?gap=missing-knowledge")).Should().Be(rag);
    }

    [Fact]
    public async Task GuideIgnoresItsQueryString_ForTheCacheKey()
    {
        var client = site.Factory.CreateClient();
        var plain = await client.GetStringAsync("/guides/rag-vs-fine-tuning");

        using var withQuery = await client.GetAsync("/guides/rag-vs-fine-tuning?utm_source=newsletter");

        (await withQuery.Content.ReadAsStringAsync()).Should().Be(plain);
        withQuery.Headers.Age.Should().NotBeNull("a tracking parameter must not make a new cache entry");
    }

    [Theory]
    [InlineData("/guides/no-such-guide", HttpStatusCode.NotFound)]
    [InlineData("/quiz/no-such-quiz/result?gap=behavior", HttpStatusCode.NotFound)]
    public async Task ErrorAnswers_CarryNoValidator_AndAreNotCached(string path, HttpStatusCode status)
    {
        var client = site.Factory.CreateClient();
        await client.GetAsync(path);

        using var response = await client.GetAsync(path);

        response.StatusCode.Should().Be(status);
        response.Headers.ETag.Should().BeNull();
        response.Headers.Age.Should().BeNull();
    }

    [Fact]
    public async Task QuizPage_IsInteractive_AndNotShared()
    {
        var client = site.Factory.CreateClient();
        await client.GetAsync("/quiz/rag-vs-fine-tuning?at=gap");

        using var response = await client.GetAsync("/quiz/rag-vs-fine-tuning?at=gap");

        response.Headers.ETag.Should().BeNull();
        response.Headers.Age.Should().BeNull("each quiz page carries its own circuit descriptor");
    }

    [Fact]
    public async Task ResultPage_OpensNoCircuit()
    {
        var html = await site.Factory.CreateClient().GetStringAsync(Result);

        html.Should().NotContain("\"type\":\"server\"", "the what-if panel is a form enhanced by script, not an interactive component");
        html.Should().Contain("data-questionnaire=\"rag-vs-fine-tuning\"");
    }
}

/// <summary>Saved edits replace cached pages at once: the content version is part of the key and the ETag.</summary>
public sealed class PageCacheContentChangeTests : IDisposable
{
    private readonly TempContent _content = TempContent.CopyOfShipped();

    [Fact]
    public async Task SavedEdit_ChangesTheBody_AndTheETag()
    {
        using var site = new SiteFactory(_content.Root, new Dictionary<string, string> { ["Content:Watch"] = "false" });
        var client = site.CreateClient();
        using var before = await client.GetAsync("/guides/rag-vs-long-context");
        (await client.GetAsync("/guides/rag-vs-long-context")).Headers.Age.Should().NotBeNull("the page is cached before the edit");

        var path = _content.PathOf("guides/rag-vs-long-context.md");
        await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(path)).Replace("title: RAG vs long-context prompting", "title: Retrieval or a long prompt?", StringComparison.Ordinal));
        site.Services.GetRequiredService<ContentStore>().Reload();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/guides/rag-vs-long-context");
        request.Headers.IfNoneMatch.Add(before.Headers.ETag!);
        using var after = await client.SendAsync(request);

        after.StatusCode.Should().Be(HttpStatusCode.OK, "the old ETag no longer matches");
        after.Headers.ETag.Should().NotBe(before.Headers.ETag);
        (await after.Content.ReadAsStringAsync()).Should().Contain("Retrieval or a long prompt?");
    }

    [Fact]
    public async Task BrokenEdit_KeepsTheVersion_BecauseTheServedTextIsUnchanged()
    {
        using var site = new SiteFactory(_content.Root, new Dictionary<string, string> { ["Content:Watch"] = "false" });
        var client = site.CreateClient();
        var etag = (await client.GetAsync("/guides/rag-vs-long-context")).Headers.ETag;

        await File.WriteAllTextAsync(_content.PathOf("guides/rag-vs-long-context.md"), "---\ntitle: [unclosed\n---\n");
        site.Services.GetRequiredService<ContentStore>().Reload();

        (await client.GetAsync("/guides/rag-vs-long-context")).Headers.ETag.Should().Be(etag);
    }

    public void Dispose() => _content.Dispose();
}

internal static partial class PageText
{
    public static string WithoutStateComment(this string html) => StateComment().Replace(html, "");

    [System.Text.RegularExpressions.GeneratedRegex("<!--Blazor-Server-Component-State:[^>]*-->")]
    private static partial System.Text.RegularExpressions.Regex StateComment();
}
