using System.Net;
using Decisioner.Tests;
using Decisioner.Web.Staff;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Decisioner.Web.Tests.Staff;

/// <summary>With the database down: sign-in says to try again shortly, public pages answer, the audit writer reports its loss once.</summary>
public sealed class DatabaseDownSignInTests
{
    [Fact]
    public async Task SignIn_SaysTryAgainShortly_PublicPagesAnswer_AndTheAuditLossIsLoggedOnce()
    {
        var logs = new LogCollector();
        using var factory = new SiteFactory(TestPaths.Content, new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres",
            // Nothing listens on port 1: every connection is refused at once.
            ["Database:ConnectionString"] = "Host=127.0.0.1;Port=1;Database=gone;Username=nobody;Timeout=2",
        });
        using var site = factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        var client = site.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("https://localhost") });
        var writer = site.Services.GetRequiredService<AuditTrail>();

        for (var i = 0; i < 2; i++)
        {
            var response = await StaffSignIn.PostSignInAsync(client, "someone@example.org", "a password");
            response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            response.Headers.RetryAfter.Should().NotBeNull();
            (await response.Content.ReadAsStringAsync()).Should().Contain("Sign-in is unavailable just now").And.Contain("Try again shortly");
            await writer.FlushAsync();
        }

        foreach (var path in new[] { "/", "/guides/rag-vs-fine-tuning", "/quiz/rag-vs-fine-tuning?at=gap" })
        {
            (await client.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.OK, path);
        }

        (await client.GetAsync("/staff")).StatusCode.Should().Be(HttpStatusCode.Redirect, "a staff page sends to sign-in, it does not fail");
        logs.Messages.Where(m => m.Contains("Audit events cannot be written", StringComparison.Ordinal)).Should().ContainSingle();
        logs.Lines.Should().NotContain(l => l.Level >= LogLevel.Error && l.Message.Contains("unhandled", StringComparison.OrdinalIgnoreCase));
    }
}
