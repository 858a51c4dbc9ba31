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

        // Exactly these warnings and errors, each once however many requests and flushes met the fault.
        logs.Problems.Select(p => (p.Level, p.Category, p.Event)).Should().BeEquivalentTo(
            new[]
            {
                // At start: the server cannot be reached, and the public pages are served anyway.
                (LogLevel.Error, "Decisioner.Web", "LogUnreachable"),
                // The key ring cannot be read or stored: the keys last read are used.
                (LogLevel.Warning, typeof(ResilientKeyRepository).FullName!, "LogFailing"),
                // The framework's, for the key made in memory: no certificate is configured (docs/operations.md).
                (LogLevel.Warning, "Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", "NoXMLEncryptorConfiguredKeyMayBePersistedToStorageInUnencryptedForm"),
                // Counting: two flushes failed, one line.
                (LogLevel.Warning, typeof(QuizCountWriter).FullName!, "LogFailing"),
            },
            string.Join(" | ", logs.Problems.Select(p => $"{p.Level} {p.Category} {p.Event}: {p.Message}")));
        logs.Problems.Should().Contain(p => p.Message.StartsWith("The database (PostgreSQL database 'gone' on 127.0.0.1:1) could not be reached at start", StringComparison.Ordinal)
            && p.Message.Contains("Public pages are served", StringComparison.Ordinal));
        logs.Problems.Should().Contain(p => p.Message.StartsWith("Quiz counts cannot be written to the database", StringComparison.Ordinal));
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
        public sealed record Entry(LogLevel Level, string Category, string? Event, string Message);

        /// <summary>Warnings and errors.</summary>
        public ConcurrentQueue<Entry> Problems { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(LogCollector collector, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    collector.Problems.Enqueue(new Entry(logLevel, category, eventId.Name, formatter(state, exception)));
                }
            }
        }
    }
}
