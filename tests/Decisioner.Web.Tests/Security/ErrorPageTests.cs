using System.Net;
using System.Text.RegularExpressions;
using Decisioner.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Decisioner.Web.Tests.Security;

/// <summary>A failure inside the app: the visitor gets a friendly page with a reference, never a stack trace; the log has it once.</summary>
public sealed partial class ErrorPageTests
{
    /// <summary>The real site plus one path that throws, placed behind the site's own exception handling.</summary>
    private sealed class FailingSite : WebApplicationFactory<Program>
    {
        public List<(LogLevel Level, string Message, string? RequestId)> Logs { get; } = [];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Content:Root", TestPaths.Content);
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<IStartupFilter>(new ThrowAfterThePipeline());
                services.AddSingleton<ILoggerProvider>(new ListLoggerProvider(Logs));
            });
        }
    }

    private sealed class ThrowAfterThePipeline : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((HttpContext context, RequestDelegate _) =>
                context.Request.Path == "/test/fail" ? throw new InvalidOperationException("secret detail 42") : Task.CompletedTask);
        };
    }

    [Fact]
    public async Task UnhandledError_ShowsAFriendlyPageWithTheRequestIdTheLogHas()
    {
        using var site = new FailingSite();
        var response = await site.CreateClient().GetAsync("/test/fail");
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        html.Should().Contain("Something went wrong on our side");
        html.Should().NotContain("secret detail 42").And.NotContain("InvalidOperationException").And.NotContain(" at ");

        var reference = ReferenceRegex().Match(html).Groups[1].Value;
        reference.Should().NotBeEmpty();
        lock (site.Logs)
        {
            site.Logs.Where(l => l.Level >= LogLevel.Error && l.Message.Contains("unhandled exception", StringComparison.OrdinalIgnoreCase))
                .Should().ContainSingle().Which.RequestId.Should().Be(reference);
        }
    }

    [GeneratedRegex("Reference: <code>([^<]+)</code>")]
    private static partial Regex ReferenceRegex();

    private sealed class ListLoggerProvider(List<(LogLevel, string, string?)> logs) : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ILogger CreateLogger(string categoryName) => new ListLogger(logs, () => _scopes);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }
    }

    private sealed class ListLogger(List<(LogLevel, string, string?)> logs, Func<IExternalScopeProvider> scopes) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => scopes().Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            string? requestId = null;
            scopes().ForEachScope((scope, _) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs && pairs.FirstOrDefault(p => p.Key == "RequestId").Value is string id)
                {
                    requestId = id;
                }
            }, (object?)null);
            lock (logs)
            {
                logs.Add((logLevel, formatter(state, exception), requestId));
            }
        }
    }
}
