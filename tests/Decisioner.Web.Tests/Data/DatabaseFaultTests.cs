using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Decisioner.Tests;
using Decisioner.Web.Analytics;
using Decisioner.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Decisioner.Web.Tests.Data;

public sealed class DatabaseFaultTests
{
    [Fact]
    public async Task ADatabaseThatIsDown_LosesCounts_NeverPages_AndTheLogSaysSoOnce()
    {
        var logs = new LogCollector();
        using var factory = new SiteFactory(TestPaths.Content, new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres",
            // Nothing listens on port 1: every connection is refused at once.
            ["Database:ConnectionString"] = "Host=127.0.0.1;Port=1;Database=gone;Username=nobody;Timeout=2",
        });
        using var site = factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        var client = site.CreateClient();

        foreach (var path in new[] { "/", "/guides/rag-vs-fine-tuning", "/quiz/rag-vs-fine-tuning?at=gap", "/quiz/rag-vs-fine-tuning/result?gap=behavior" })
        {
            (await client.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.OK, path + " needs no database");
        }

        var writer = site.Services.GetRequiredService<QuizCountWriter>();
        await writer.FlushAsync();
        await client.GetAsync("/quiz/rag-vs-fine-tuning/result?gap=task-skill");
        await writer.FlushAsync();

        logs.Messages.Where(m => m.Contains("Quiz counts cannot be written", StringComparison.Ordinal)).Should().ContainSingle("a fault is logged once, not per request or per attempt");
        logs.Messages.Should().Contain(m => m.Contains("could not be reached at start", StringComparison.Ordinal) && m.Contains("Public pages are served", StringComparison.Ordinal));
        // (Without a certificate the framework also warns that keys are stored unencrypted: docs/operations.md.)
        var problems = logs.Problems.Where(p => !p.StartsWith("No XML encryptor configured", StringComparison.Ordinal)).ToList();
        problems.Should().HaveCountLessThanOrEqualTo(3, "one line each at start, for the key ring, and for counting: " + string.Join(" | ", problems));
    }

    [Fact]
    public async Task WithACertificate_TheKeyRingIsStoredEncrypted()
    {
        using var folder = TempContent.Empty();
        var pfx = Path.Combine(folder.Root, "keys.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=Decisioner data protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "test-password"));
        }

        using var site = new SiteFactory(TestPaths.Content, new Dictionary<string, string>
        {
            ["DataProtection:CertificatePath"] = pfx,
            ["DataProtection:CertificatePassword"] = "test-password",
        });
        (await site.CreateClient().GetAsync("/account/sign-in")).StatusCode.Should().Be(HttpStatusCode.OK);

        await using var scope = site.Services.CreateAsyncScope();
        var keys = await scope.ServiceProvider.GetRequiredService<SiteDbContext>().DataProtectionKeys.Select(k => k.Xml).ToListAsync();
        keys.Should().NotBeEmpty("the sign-in form's token needed a key, and it is kept in the database");
        keys.Should().OnlyContain(xml => xml!.Contains("encryptedSecret") && !xml.Contains("<masterKey"));
    }

    private sealed class LogCollector : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        /// <summary>Warnings and errors.</summary>
        public ConcurrentQueue<string> Problems { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(LogCollector collector) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                collector.Messages.Enqueue(formatter(state, exception));
                if (logLevel >= LogLevel.Warning)
                {
                    collector.Problems.Enqueue(formatter(state, exception));
                }
            }
        }
    }
}
