using System.Net;
using System.Text;

namespace Decisioner.Web.Tests.Security;

public sealed class SecurityHeadersTests(ShippedSite site) : IClassFixture<ShippedSite>
{
    private readonly HttpClient _client = site.Factory.CreateClient();

    [Theory]
    [InlineData("GET", "/")]
    [InlineData("GET", "/guides/rag-vs-fine-tuning")]
    [InlineData("GET", "/guides/missing")]
    [InlineData("GET", "/quiz/rag-vs-fine-tuning?at=gap")]
    [InlineData("GET", "/quiz/rag-vs-fine-tuning/result?gap=behavior")]
    [InlineData("GET", "/api/questionnaires")]
    [InlineData("GET", "/api/questionnaires/missing")]
    [InlineData("POST", "/api/questionnaires/rag-vs-fine-tuning/recommendation")]
    [InlineData("GET", "/health/ready")]
    [InlineData("GET", "/guides/%2e%2e")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new StringContent("{\"answers\":{}}", Encoding.UTF8, "application/json");
        }

        var response = await _client.SendAsync(request);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.Should().Contain("script-src 'self';").And.Contain("frame-ancestors 'none'").And.Contain("object-src 'none'").And.Contain("base-uri 'self'");
        csp.Should().NotContain("unsafe-eval");
        csp.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)).Should().NotContain("unsafe-inline");
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        response.Headers.GetValues("Referrer-Policy").Should().Equal("strict-origin-when-cross-origin");
        response.Headers.GetValues("Permissions-Policy").Single().Should().Contain("camera=()");
        response.Headers.Contains("Server").Should().BeFalse();
    }

    [Fact]
    public async Task Pages_DoNotIncludeInlineScripts()
    {
        foreach (var path in new[] { "/", "/guides/rag-vs-fine-tuning", "/quiz/rag-vs-fine-tuning?at=gap", "/quiz/rag-vs-fine-tuning/result?gap=behavior" })
        {
            var html = await _client.GetStringAsync(path);
            System.Text.RegularExpressions.Regex.Matches(html, "<script(?![^>]*\\ssrc=)[^>]*>").Should().BeEmpty($"{path} has only external scripts, as the CSP requires");
        }
    }

    // ASP.NET leaves HSTS off for localhost, hence a real-looking host name.
    [Fact]
    public async Task Hsts_IsSentOutsideDevelopmentOverHttps()
    {
        var client = site.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://decisioner.example") });

        var response = await client.GetAsync("/");

        response.Headers.GetValues("Strict-Transport-Security").Single().Should().Contain("max-age=");
    }

    [Fact]
    public async Task Health_LiveAndReady_AnswerOk()
    {
        (await _client.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
        var ready = await _client.GetAsync("/health/ready");
        ready.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync()).Should().Be("Healthy");
    }
}
