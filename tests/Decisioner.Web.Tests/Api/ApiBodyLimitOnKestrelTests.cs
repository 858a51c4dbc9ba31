using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Decisioner.Web.Tests.Api;

/// <summary>
/// The recommendation body limit as production applies it: Kestrel reads the endpoint's request-size
/// metadata and refuses a longer body itself. The in-memory test server that the other API tests use
/// has no body limit at all, so the limit is tried here, on a real Kestrel.
/// </summary>
public sealed class ApiBodyLimitOnKestrelTests : IClassFixture<KestrelSite>
{
    private const string Recommendation = "/api/questionnaires/rag-vs-fine-tuning/recommendation";
    private const string Prefix = "{\"answers\":{\"gap\":\"behavior\"},\"padding\":\"";
    private readonly HttpClient _client;

    public ApiBodyLimitOnKestrelTests(KestrelSite site) => _client = site.Client;

    private static byte[] BodyOf(int bytes) => Encoding.UTF8.GetBytes(Prefix + new string('x', bytes - Prefix.Length - 2) + "\"}");

    [Fact]
    public async Task ABodyOfExactly16KiB_IsAnswered()
    {
        var content = new ByteArrayContent(BodyOf(16 * 1024));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        (await _client.PostAsync(Recommendation, content)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ALongerBody_Is413ProblemDetails_WithOrWithoutAContentLength(bool chunked)
    {
        var content = new StreamContent(new MemoryStream(BodyOf((16 * 1024) + 1)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, Recommendation) { Content = content };
        request.Headers.TransferEncodingChunked = chunked;

        var response = await _client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadAsStringAsync()).Should().Contain("Request body too large");
    }
}
