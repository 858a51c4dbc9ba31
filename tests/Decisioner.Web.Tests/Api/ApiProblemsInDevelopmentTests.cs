using System.Net;
using System.Text;
using System.Text.Json;

namespace Decisioner.Web.Tests.Api;

/// <summary>
/// A body the framework refuses before the endpoint runs gets the contract's problem details in Development
/// too, where minimal APIs would otherwise throw it to the developer exception page.
/// </summary>
public sealed class ApiProblemsInDevelopmentTests
{
    [Fact]
    public async Task MalformedJson_InDevelopment_IsTheSameProblemDetails_WithoutAStackTrace()
    {
        using var site = new SiteFactory(Decisioner.Tests.TestPaths.Content, new Dictionary<string, string> { ["environment"] = "Development" });
        var client = site.CreateClient();

        var response = await client.PostAsync("/api/questionnaires/rag-vs-fine-tuning/recommendation",
            new StringContent("{\"answers\":", Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("title").GetString().Should().Be("Malformed JSON");
        problem.RootElement.TryGetProperty("exception", out _).Should().BeFalse();
    }
}
