using System.Net;
using Decisioner.Web.Analytics;
using Decisioner.Web.Data;
using Decisioner.Web.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Decisioner.Web.Tests.Diagnostics;

public sealed class WarmUpTests
{
    [Fact]
    public async Task OnARealServer_ReadyWaitsForTheWarmUp_AndItsRequestsAreNotCountedAsVisitors()
    {
        using var factory = new SiteFactory(Decisioner.Tests.TestPaths.Content, new Dictionary<string, string> { ["WarmUp:Enabled"] = "true" });
        factory.UseKestrel(0);
        factory.StartServer();
        using var client = factory.CreateClient();
        var site = (Client: client, Factory: factory);

        // Not a timing test: the deadline only stops a warm-up that never ends from hanging the run.
        var ready = await site.Client.GetAsync("/health/ready");
        for (var wait = 0; ready.StatusCode == HttpStatusCode.ServiceUnavailable && wait < 1200; wait++)
        {
            (await site.Client.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK, "live does not wait for the warm-up");
            await Task.Delay(100);
            ready = await site.Client.GetAsync("/health/ready");
        }

        ready.StatusCode.Should().Be(HttpStatusCode.OK);
        var state = site.Factory.Services.GetRequiredService<WarmUpState>();
        state.IsDone.Should().BeTrue();
        state.Status.Should().StartWith("warmed up in").And.Contain(" 0 not answered 2xx");

        // It requested result pages, quiz pages and the API hundreds of times; none of it is a visitor.
        var counter = site.Factory.Services.GetRequiredService<QuizCounter>();
        await using (var scope = site.Factory.Services.CreateAsyncScope())
        {
            counter.Drain().Should().BeEmpty();
            (await scope.ServiceProvider.GetRequiredService<SiteDbContext>().QuizCounts.CountAsync()).Should().Be(0);
        }

        // A visitor's result page is counted as before.
        (await site.Client.GetAsync("/quiz/rag-vs-fine-tuning/result?gap=behavior")).StatusCode.Should().Be(HttpStatusCode.OK);
        counter.Drain().Should().NotBeEmpty();
    }

    [Fact]
    public async Task TheReadyCheck_IsDegradedWithItsProgress_UntilTheWarmUpFinishes()
    {
        var state = new WarmUpState();
        var check = new WarmUpReadyCheck(state);
        state.Report("round 2, 40 methods recompiled for speed after it");

        var during = await check.CheckHealthAsync(new HealthCheckContext());
        during.Status.Should().Be(HealthStatus.Degraded, "warming is not a failure, and is logged as a warning");
        during.Description.Should().Be("warming up: round 2, 40 methods recompiled for speed after it");

        state.Finish("warmed up in 900 ms");
        (await check.CheckHealthAsync(new HealthCheckContext())).Status.Should().Be(HealthStatus.Healthy);
    }

    [Theory]
    [InlineData("127.0.0.1", true, true)]
    [InlineData("::1", true, true)]
    [InlineData("127.0.0.1", false, false)]
    [InlineData("203.0.113.9", true, false)]
    public void OnlyThisProcessesOwnRequests_FromThisMachine_AreWarmUpRequests(string from, bool rightToken, bool expected)
    {
        var state = new WarmUpState();
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(from);
        context.Request.Headers[WarmUpState.Header] = rightToken ? state.Token : new WarmUpState().Token;

        state.IsWarmUpRequest(context).Should().Be(expected);
    }

    [Fact]
    public void ARequestWithoutTheHeader_IsNoWarmUpRequest()
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        new WarmUpState().IsWarmUpRequest(context).Should().BeFalse();
    }

    [Theory]
    [InlineData(new[] { "http://127.0.0.1:5000" }, "http://127.0.0.1:5000/")]
    [InlineData(new[] { "http://0.0.0.0:8080" }, "http://127.0.0.1:8080/")]
    [InlineData(new[] { "http://[::]:80" }, "http://[::1]/")]
    [InlineData(new[] { "http://+:5000" }, "http://127.0.0.1:5000/")]
    [InlineData(new[] { "https://0.0.0.0:443", "http://localhost:5000" }, "http://127.0.0.1:5000/")]
    [InlineData(new[] { "https://0.0.0.0:443" }, null)]
    [InlineData(new string[0], null)]
    public void TheWarmUpCallsThePlainHttpAddress_AsThisMachineReachesIt(string[] addresses, string? expected)
    {
        WarmUpService.SelfAddress(addresses)?.ToString().Should().Be(expected);
        if (expected is null)
        {
            WarmUpService.SelfAddress(addresses).Should().BeNull();
        }
    }
}
