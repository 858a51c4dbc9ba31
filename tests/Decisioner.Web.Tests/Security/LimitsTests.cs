using System.Net;
using System.Text;
using Decisioner.Tests;

namespace Decisioner.Web.Tests.Security;

public sealed class LimitsTests
{
    [Fact]
    public async Task Api_OverTheRateLimit_Is429WithRetryAfter_AndPagesAreUnaffected()
    {
        using var site = new SiteFactory(TestPaths.Content, new Dictionary<string, string>
        {
            ["Limits:ApiPermitLimit"] = "3",
            ["Limits:ApiWindowSeconds"] = "30",
        });
        var client = site.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            (await client.GetAsync("/api/questionnaires")).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var refused = await client.PostAsync("/api/questionnaires/rag-vs-fine-tuning/recommendation",
            new StringContent("{\"answers\":{}}", Encoding.UTF8, "application/json"));

        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds.Should().BeInRange(1, 30);
        refused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await refused.Content.ReadAsStringAsync()).Should().Contain("Too many requests");
        (await client.GetAsync("/guides/rag-vs-fine-tuning")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task MissingContentFolder_IsNotReady_ButTheSiteStillAnswers()
    {
        using var site = new SiteFactory("/nonexistent/decisioner-content");
        var client = site.CreateClient();

        (await client.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await client.GetAsync("/")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/quiz/rag-vs-fine-tuning")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
