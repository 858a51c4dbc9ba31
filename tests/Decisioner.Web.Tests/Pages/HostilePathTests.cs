namespace Decisioner.Web.Tests.Pages;

/// <summary>
/// Paths that try to read files through a slug, sent byte for byte over real HTTP to Kestrel
/// (the in-memory test server and HttpClient would both normalise them first).
/// </summary>
public sealed class HostilePathTests : IClassFixture<KestrelSite>
{
    private readonly HttpClient _client;

    public HostilePathTests(KestrelSite site) => _client = site.Client;

    [Theory]
    [InlineData("/guides/..%2f..%2fsite.yaml")]
    [InlineData("/guides/..%2F..%2Fappsettings.json")]
    [InlineData("/guides/%2e%2e")]
    [InlineData("/guides/%2e%2e%2f%2e%2e%2fcontent%2fsite.yaml")]
    [InlineData("/guides/%252e%252e%252fsite.yaml")]
    [InlineData("/guides/..%5c..%5csite.yaml")]
    [InlineData("/guides/..\\..\\site.yaml")]
    [InlineData("/guides/rag-vs-fine-tuning.md")]
    [InlineData("/guides/rag-vs-fine-tuning%00")]
    [InlineData("/guides/%00")]
    [InlineData("/guides/RAG-VS-FINE-TUNING")]
    [InlineData("/guides/rag-vs-fine-tuning/../../site.yaml")]
    public async Task TraversalAttempts_AreNeverServed(string path)
    {
        var uri = new Uri(_client.BaseAddress + path.TrimStart('/'), new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

        var response = await _client.GetAsync(uri);
        var body = await response.Content.ReadAsStringAsync();

        ((int)response.StatusCode).Should().BeOneOf([400, 404], "'{0}' must not reach a file", path);
        body.Should().NotContain("courses:").And.NotContain("\"Logging\"");
    }

    [Theory]
    [InlineData("GET", "/quiz/..%2f..%2fsite.yaml")]
    [InlineData("GET", "/quiz/%2e%2e/result")]
    [InlineData("GET", "/quiz/rag-vs-fine-tuning/result/..%2f..%2f..%2fappsettings.json")]
    [InlineData("GET", "/api/questionnaires/..%2f..%2fsite.yaml")]
    [InlineData("GET", "/api/questionnaires/..\\..\\site.yaml")]
    [InlineData("POST", "/api/questionnaires/%2e%2e%2fquestionnaires%2frag-vs-fine-tuning/recommendation")]
    [InlineData("GET", "/courses/..%2f..%2fsite.yaml")]
    [InlineData("GET", "/media/..%2f..%2fsite.yaml")]
    [InlineData("GET", "/media/../site.yaml")]
    [InlineData("GET", "/_framework/..%2f..%2fappsettings.json")]
    [InlineData("GET", "/editor/..%2f..%2fsite.yaml")]
    [InlineData("GET", "/health/..%2fready")]
    [InlineData("GET", "/guides/rag-vs-fine-tuning/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd")]
    public async Task TraversalAttempts_InEveryRoute_AreRefused(string method, string path)
    {
        var uri = new Uri(_client.BaseAddress + path.TrimStart('/'), new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var request = new HttpRequestMessage(new HttpMethod(method), uri);
        if (method == "POST")
        {
            request.Content = new StringContent("{\"answers\":{}}", System.Text.Encoding.UTF8, "application/json");
        }

        var response = await _client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        ((int)response.StatusCode).Should().BeOneOf([400, 404, 405], "'{0}' must not reach a file", path);
        body.Should().NotContain("courses:").And.NotContain("\"Logging\"").And.NotContain("root:");
    }

    [Theory]
    [InlineData(300)]
    [InlineData(4000)]
    [InlineData(20000)]
    public async Task VeryLongSlug_IsRejected(int length)
    {
        var response = await _client.GetAsync("/guides/" + new string('a', length));

        ((int)response.StatusCode).Should().BeOneOf(400, 404, 414);
    }
}
