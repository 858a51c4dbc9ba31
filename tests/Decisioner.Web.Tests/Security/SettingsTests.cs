using System.Diagnostics;
using System.Net;
using Decisioner.Tests;
using Decisioner.Web.Diagnostics;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Decisioner.Web.Tests.Security;

/// <summary>Every settings section is checked at start: a bad value stops the site and names its key.</summary>
public sealed class SettingsTests
{
    [Theory]
    [InlineData("Limits:ApiPermitLimit", "0", "Limits:ApiPermitLimit must be between 1 and")]
    [InlineData("Limits:ApiWindowSeconds", "-5", "Limits:ApiWindowSeconds must be between 1 and")]
    [InlineData("Limits:MaxCircuitsPerClient", "0", "Limits:MaxCircuitsPerClient must be between 1 and")]
    [InlineData("Limits:MaxRequestBodyBytes", "10", "Limits:MaxRequestBodyBytes must be between")]
    [InlineData("Limits:MaxRequestLineBytes", "100", "Limits:MaxRequestLineBytes must be between")]
    [InlineData("Shutdown:TimeoutSeconds", "0", "Shutdown:TimeoutSeconds must be between 1 and 600")]
    [InlineData("Content:PollIntervalMs", "1", "Content:PollIntervalMs must be between 50 and")]
    [InlineData("Content:DebounceMs", "-1", "Content:DebounceMs must be between 0 and")]
    [InlineData("Limits:ApiPermitLimit", "lots", "'lots' at 'Limits:ApiPermitLimit'")]
    [InlineData("Diagnostics:Enabled", "maybe", "'maybe' at 'Diagnostics:Enabled'")]
    [InlineData("Analytics:Enabled", "yes please", "'yes please' at 'Analytics:Enabled'")]
    [InlineData("Analytics:RetentionDays", "0", "Analytics:RetentionDays must be between 1 and")]
    [InlineData("Desk:RetentionDays", "0", "Desk:RetentionDays must be between 1 and")]
    [InlineData("Desk:KeepAnonymousAnswersOnErase", "perhaps", "'perhaps' at 'Desk:KeepAnonymousAnswersOnErase'")]
    [InlineData("Editor:MaxImageBytes", "10", "Editor:MaxImageBytes must be between 1024 and")]
    [InlineData("Database:Provider", "Oracle", "'Oracle' at 'Database:Provider'")]
    [InlineData("Database:Provider", "Postgres", "Database:ConnectionString is required when Database:Provider is Postgres")]
    public async Task BadValue_StopsTheStart_WithOneLineNamingTheKey(string key, string value, string message)
    {
        // The real program, as an operator starts it: the test host would hide what the process prints.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Decisioner.Web.dll"), "--urls", "http://127.0.0.1:0", "--Content:Root=" + TestPaths.Content, "--Database:DataFolder=" + Path.Combine(Path.GetTempPath(), "decisioner-tests", Guid.NewGuid().ToString("N")), $"--{key}={value}" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        process.ExitCode.Should().Be(1);
        (await error).Should().Contain("The site did not start because of its settings: ").And.Contain(message).And.NotContain("   at ");
        (await output).Should().NotContain("Now listening");
    }

    [Fact]
    public void ValidValues_ReachKestrel()
    {
        using var site = new SiteFactory(TestPaths.Content, new Dictionary<string, string>
        {
            ["Limits:MaxRequestLineBytes"] = "4096",
            ["Limits:MaxRequestBodyBytes"] = "32768",
        });
        site.CreateClient();

        var kestrel = site.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;

        kestrel.Limits.MaxRequestLineSize.Should().Be(4096);
        kestrel.Limits.MaxRequestBodySize.Should().Be(32768);
        kestrel.AddServerHeader.Should().BeFalse();
    }

    [Fact]
    public void CircuitCounter_IsRegisteredOnlyWithTheDiagnosticsEndpoint()
    {
        using var off = new SiteFactory();
        using var on = new SiteFactory(TestPaths.Content, new Dictionary<string, string> { ["Diagnostics:Enabled"] = "true" });

        off.Services.GetService(typeof(CircuitStats)).Should().BeNull("production circuits carry no test-only handler");
        on.Services.GetService(typeof(CircuitStats)).Should().NotBeNull();
    }

    [Fact]
    public async Task MissingStaticAssets_MakeTheSiteNotReady_AndSaySo()
    {
        using var empty = TempContent.Empty();
        using var site = new SiteFactory(TestPaths.Content, new Dictionary<string, string> { ["webroot"] = empty.Root });
        var client = site.CreateClient();

        var ready = await client.GetAsync("/health/ready");

        ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await client.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(false, true, true, "app")]
    [InlineData(false, false, true, null)]
    [InlineData(true, true, true, null)]
    [InlineData(false, true, false, null)]
    public void ContentRoot_IsTheAppsFolder_OnlyWhenTheWorkingDirectoryLacksTheSite(bool given, bool appHasWwwroot, bool workingLacksWwwroot, string? expected)
    {
        using var working = TempContent.Empty();
        using var app = TempContent.Empty();
        if (appHasWwwroot)
        {
            Directory.CreateDirectory(Path.Combine(app.Root, "wwwroot"));
        }

        if (!workingLacksWwwroot)
        {
            Directory.CreateDirectory(Path.Combine(working.Root, "wwwroot"));
        }

        var root = AppFolder.ContentRoot(given ? ["--contentRoot", "/srv/site"] : [], working.Root, app.Root);

        root.Should().Be(expected is null ? null : app.Root);
    }
}
