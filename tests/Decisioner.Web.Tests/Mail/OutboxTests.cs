using System.Net;
using Decisioner.Tests;
using Decisioner.Web.Data;
using Decisioner.Web.Mail;
using Decisioner.Web.Tests.Data;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Decisioner.Core.Content;

namespace Decisioner.Web.Tests.Mail;

/// <summary>
/// The outbox against a real SMTP server in the test process: what arrives (both parts, the subject, the
/// recipient, hostile values), a server that goes down mid-queue and comes back, a site that restarts,
/// two workers on one database, and a message that fails until staff retry it. Every scenario runs on
/// SQLite here and on PostgreSQL in <see cref="PostgresOutboxTests"/>.
/// </summary>
public sealed class OutboxTests
{
    [Fact]
    public Task Message_Arrives_WithBothParts_AndHostileValuesMadeHarmless() => OutboxScenarios.ArrivesSafelyAsync(OutboxScenarios.Sqlite());

    [Fact]
    public Task ServerDown_MidQueue_KeepsTheMessageQueued_AndSendsItOnceTheServerIsBack() => OutboxScenarios.ServerDownAndBackAsync(OutboxScenarios.Sqlite());

    [Fact]
    public Task SiteRestart_StillSendsWhatWasQueued() => OutboxScenarios.RestartAsync(OutboxScenarios.Sqlite());

    [Fact]
    public Task TwoSites_OnOneDatabase_SendEachMessageOnce() => OutboxScenarios.TwoWorkersAsync(OutboxScenarios.Sqlite());

    [Fact]
    public Task EveryAttemptFailing_MarksTheMessageFailed_AndARetryByHandSendsIt() => OutboxScenarios.FailedThenRetriedAsync(OutboxScenarios.Sqlite());

    [Fact]
    public async Task AddressTheServerRefuses_FailsAtOnce_AndTheNextMessageStillGoes()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        using var site = OutboxScenarios.Site(OutboxScenarios.Sqlite(), smtp, new MovableClock());
        List<Guid> ids;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<MailOutbox>();
            ids = [outbox.AddResult(Guid.NewGuid(), TestSmtpServer.Refused, OutboxScenarios.Values("Nobody"), "staff-id").Id,
                outbox.AddResult(Guid.NewGuid(), "somebody@example.org", OutboxScenarios.Values("Somebody"), "staff-id").Id];
            await scope.ServiceProvider.GetRequiredService<SiteDbContext>().SaveChangesAsync();
            outbox.WakeWorker();
        }

        (await smtp.WaitForAsync(1)).Single().To.Mailboxes.Single().Address.Should().Be("somebody@example.org");
        var refused = await OutboxScenarios.WaitForRowAsync(site, ids[0], r => r.Status == OutboundEmailStatus.Failed, "a refused address fails at once");
        refused.Attempts.Should().Be(1);
        refused.LastError.Should().StartWith("failed after 1 attempt, retry by hand: the mail server said 550");
        (await OutboxScenarios.WaitForRowAsync(site, ids[1], r => r.Status == OutboundEmailStatus.Sent, "the other message goes")).Attempts.Should().Be(1);
    }

    [Fact]
    public async Task EditedTemplate_IsUsed_ByTheRunningSite()
    {
        using var content = TempContent.CopyOfShipped();
        await using var smtp = await TestSmtpServer.StartAsync();
        using var site = new SiteFactory(content.Root, smtp.Settings);
        var store = site.Services.GetRequiredService<Decisioner.Web.Content.ContentStore>();

        content.Write(EmailTemplate.ResultFile, "---\nsubject: \"Edited: {{outcome}}\"\n---\nNew words. [Open]({{result-link}})\n");
        await Eventually.WaitAsync(() => Task.FromResult(store.Current.ResultEmail?.Subject), subject => subject == "Edited: {{outcome}}", "the edit should be picked up");
        await using (var scope = site.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<MailOutbox>().QueueResultAsync(Guid.NewGuid(), "prospect@example.org", OutboxScenarios.Values("Sam"), "staff-id");
        }

        var message = (await smtp.WaitForAsync(1)).Single();
        message.Subject.Should().Be("Edited: RAG");
        message.TextBody.Should().StartWith("New words. Open: https://decisioner.example/");
    }

    [Fact]
    public async Task NotConfigured_SaysSo_AndQueuesNothing()
    {
        using var site = new SiteFactory();
        await using var scope = site.Services.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<MailOutbox>();

        outbox.IsConfigured.Should().BeFalse();
        outbox.CannotSendReason.Should().Be("Sending is not set up on this site: ask an administrator to set Email:Host.");
        var queue = () => outbox.QueueResultAsync(Guid.NewGuid(), "prospect@example.org", OutboxScenarios.Values("Sam"), "staff-id");
        (await queue.Should().ThrowAsync<InvalidOperationException>()).WithMessage(MailOutbox.NotConfiguredMessage);
        (await scope.ServiceProvider.GetRequiredService<SiteDbContext>().OutboundEmails.CountAsync()).Should().Be(0);
        (await site.CreateClient().GetAsync("/")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task NoTemplate_InTheContent_SaysSo()
    {
        using var content = TempContent.CopyOfShipped();
        File.Delete(content.PathOf(EmailTemplate.ResultFile));
        await using var smtp = await TestSmtpServer.StartAsync();
        using var site = new SiteFactory(content.Root, smtp.Settings);
        await using var scope = site.Services.CreateAsyncScope();

        scope.ServiceProvider.GetRequiredService<MailOutbox>().CannotSendReason.Should().Be(MailOutbox.NoTemplateMessage);
    }

    [Theory]
    [InlineData("prospect@example.org\r\nBcc: victim@example.org")]
    [InlineData("prospect@example.org, victim@example.org")]
    [InlineData("Sam <prospect@example.org>")]
    [InlineData("not an address")]
    [InlineData("")]
    public async Task BadAddress_IsRefused_BeforeAnythingIsQueued(string address)
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        using var site = new SiteFactory(TestPaths.Content, smtp.Settings);
        await using var scope = site.Services.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<MailOutbox>();

        MailAddresses.IsValid(address).Should().BeFalse();
        var queue = () => outbox.QueueResultAsync(Guid.NewGuid(), address, OutboxScenarios.Values("Sam"), "staff-id");
        await queue.Should().ThrowAsync<ArgumentException>();
        (await scope.ServiceProvider.GetRequiredService<SiteDbContext>().OutboundEmails.CountAsync()).Should().Be(0);
    }

    [Fact]
    public void LongestAddress_IsAccepted_OneLongerIsNot()
    {
        var local = new string('a', 64);
        var domain = string.Join('.', Enumerable.Repeat(new string('b', 61), 3)) + ".org";
        var address = local + "@" + domain[..(MailAddresses.MaxLength - local.Length - 1 - 4)] + ".org";
        address.Length.Should().Be(MailAddresses.MaxLength);
        MailAddresses.IsValid(address).Should().BeTrue();
        MailAddresses.IsValid("a" + address).Should().BeFalse();
    }

    [Fact]
    public void Backoff_Doubles_From30Seconds_UpToAnHour()
    {
        OutboxWorker.Backoff(1).Should().Be(TimeSpan.FromSeconds(30));
        OutboxWorker.Backoff(2).Should().Be(TimeSpan.FromMinutes(1));
        OutboxWorker.Backoff(3).Should().Be(TimeSpan.FromMinutes(2));
        OutboxWorker.Backoff(8).Should().Be(TimeSpan.FromMinutes(60));
        OutboxWorker.Backoff(40).Should().Be(TimeSpan.FromHours(1));
    }

    [Theory]
    [InlineData("Email:Host", "smtp.example.org", "Email:FromAddress is required when Email:Host is set")]
    [InlineData("Email:Security", "Pigeon", "'Pigeon' at 'Email:Security'")]
    [InlineData("Email:PollSeconds", "0", "Email:PollSeconds must be between 0.05 and 3600")]
    [InlineData("Email:Port", "70000", "Email:Port must be between 1 and 65535")]
    public Task BadSetting_StopsTheStart_NamingTheKey(string key, string value, string message) =>
        new Security.SettingsTests().BadValue_StopsTheStart_WithOneLineNamingTheKey(key, value, message);
}

/// <summary>The same scenarios on a real PostgreSQL server.</summary>
public sealed class PostgresOutboxTests
{
    [PostgresFact]
    public async Task Message_Arrives_WithBothParts_AndHostileValuesMadeHarmless()
    {
        await using var database = await TestPostgres.CreateAsync();
        await OutboxScenarios.ArrivesSafelyAsync(database.Settings);
    }

    [PostgresFact]
    public async Task ServerDown_MidQueue_KeepsTheMessageQueued_AndSendsItOnceTheServerIsBack()
    {
        await using var database = await TestPostgres.CreateAsync();
        await OutboxScenarios.ServerDownAndBackAsync(database.Settings);
    }

    [PostgresFact]
    public async Task SiteRestart_StillSendsWhatWasQueued()
    {
        await using var database = await TestPostgres.CreateAsync();
        await OutboxScenarios.RestartAsync(database.Settings);
    }

    [PostgresFact]
    public async Task TwoSites_OnOneDatabase_SendEachMessageOnce()
    {
        await using var database = await TestPostgres.CreateAsync();
        await OutboxScenarios.TwoWorkersAsync(database.Settings);
    }

    [PostgresFact]
    public async Task EveryAttemptFailing_MarksTheMessageFailed_AndARetryByHandSendsIt()
    {
        await using var database = await TestPostgres.CreateAsync();
        await OutboxScenarios.FailedThenRetriedAsync(database.Settings);
    }
}

internal static class OutboxScenarios
{
    private static readonly Uri Link = new("https://decisioner.example/quiz/rag-vs-fine-tuning/result?use=faq&data=docs");

    /// <summary>Settings for a SQLite file of its own, which several sites can share (a restart, a second instance).</summary>
    public static Dictionary<string, string> Sqlite() => new()
    {
        ["Database:DataFolder"] = Path.Combine(Path.GetTempPath(), "decisioner-tests", "mail-" + Guid.NewGuid().ToString("N")),
    };

    public static TemplateValues Values(string? name, string outcome = "RAG", string staff = "Sam Lee") =>
        new(name, outcome, "RAG: build retrieval first", Link, staff);

    /// <summary>A site over the shipped content with this database and mail server, on this clock.</summary>
    public static WebApplicationFactory<Program> Site(IDictionary<string, string> database, TestSmtpServer smtp, MovableClock clock, IDictionary<string, string>? more = null)
    {
        var settings = new Dictionary<string, string>(database);
        foreach (var (key, value) in smtp.Settings.Concat(more ?? new Dictionary<string, string>()))
        {
            settings[key] = value;
        }

        return new SiteFactory(TestPaths.Content, settings)
            .WithWebHostBuilder(host => host.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock)));
    }

    public static async Task<OutboundEmail> QueueAsync(WebApplicationFactory<Program> site, string to, TemplateValues values, Guid? session = null)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MailOutbox>().QueueResultAsync(session ?? Guid.NewGuid(), to, values, "staff-user-id");
    }

    public static async Task<OutboundEmail> RowAsync(WebApplicationFactory<Program> site, Guid id)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SiteDbContext>().OutboundEmails.AsNoTracking().SingleAsync(e => e.Id == id);
    }

    public static Task<OutboundEmail> WaitForRowAsync(WebApplicationFactory<Program> site, Guid id, Func<OutboundEmail, bool> done, string because) =>
        Eventually.WaitAsync(() => RowAsync(site, id), done, because);

    public static async Task ArrivesSafelyAsync(IDictionary<string, string> database)
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        var clock = new MovableClock();
        using var site = Site(database, smtp, clock);
        var hostileName = "<script>alert('x')</script>\r\nBcc: victim@example.org\n\nZoë Ångström 🦄 \u202Egnp.exe *bold* [link](https://evil.example) &amp; "
            + new string('n', 1000);
        var session = Guid.NewGuid();

        var queued = await QueueAsync(site, "prospect@example.org",
            Values(hostileName, outcome: "RAG\r\nBcc: victim@example.org\r\nX-Injected: yes", staff: "Sam & <b>Co</b>"), session);
        var message = (await smtp.WaitForAsync(1)).Single();

        // Headers: one recipient, one line of subject, nothing injected.
        message.To.Mailboxes.Select(m => m.Address).Should().Equal("prospect@example.org");
        message.Cc.Mailboxes.Should().BeEmpty();
        message.Bcc.Mailboxes.Should().BeEmpty();
        message.Headers.Select(h => h.Field).Should().NotContain(["Bcc", "X-Injected"]);
        message.Subject.Should().Be("Your result from Decisioner: RAG Bcc: victim@example.org X-Injected: yes");
        message.From.Mailboxes.Single().Address.Should().Be("desk@example.org");
        message.From.Mailboxes.Single().Name.Should().Be("Admissions desk");
        message.MessageId.Should().Be($"{queued.Id:N}@example.org");

        // The text part: the values as written (one line each), the link in full.
        var text = message.TextBody;
        // One line, cut to 300 characters with an ellipsis.
        const string oneLine = "<script>alert('x')</script> Bcc: victim@example.org Zoë Ångström 🦄 \u202Egnp.exe *bold* [link](https://evil.example) &amp; ";
        text.Should().Contain("Hello " + oneLine + new string('n', EmailTemplate.MaxValueLength - 1 - oneLine.Length) + "…,\n");
        text.Should().Contain("Thank you for going through the quiz with Sam & <b>Co</b>.");
        text.Should().Contain("See your result and the plan, step by step: " + Link.AbsoluteUri);

        // The HTML part: the same values, escaped; no tag, link or emphasis of theirs survives.
        var html = message.HtmlBody;
        html.Should().Contain("Hello &lt;script&gt;alert('x')&lt;/script&gt; Bcc: victim@example.org Zoë Ångström 🦄 \u202Egnp.exe *bold* [link](https://evil.example) &amp;amp; nnn");
        html.Should().NotContain("<script").And.NotContain("<b>Co").And.NotContain("href=\"https://evil.example").And.NotContain("<em>bold");
        html.Should().Contain("with Sam &amp; &lt;b&gt;Co&lt;/b&gt;.");
        html.Should().Contain("<strong>RAG: build retrieval first</strong>");
        html.Should().Contain("<a href=\"https://decisioner.example/quiz/rag-vs-fine-tuning/result?use=faq&amp;data=docs\">See your result and the plan, step by step</a>");
        html.Should().Contain("<title>Your result from Decisioner: RAG Bcc: victim@example.org X-Injected: yes</title>");

        var row = await WaitForRowAsync(site, queued.Id, r => r.Status == OutboundEmailStatus.Sent, "the row should be marked sent");
        row.Attempts.Should().Be(1);
        row.SentAt.Should().NotBeNull();
        row.LastError.Should().BeNull();
        row.NextAttemptAt.Should().BeNull();
        row.LockedUntil.Should().BeNull();

        await using var scope = site.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<MailOutbox>().ForSessionAsync(session)).Select(e => e.Id).Should().Equal(queued.Id);
        (await scope.ServiceProvider.GetRequiredService<MailOutbox>().RetryAsync(queued.Id)).Should().BeFalse("a sent message is not sent again");
    }

    public static async Task ServerDownAndBackAsync(IDictionary<string, string> database)
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        var clock = new MovableClock();
        using var site = Site(database, smtp, clock);
        await QueueAsync(site, "first@example.org", Values("First"));
        await smtp.WaitForAsync(1);

        await smtp.StopAsync();
        var queued = await QueueAsync(site, "second@example.org", Values("Second"));
        var failed = await WaitForRowAsync(site, queued.Id, r => r.Attempts == 1, "the attempt against the stopped server should be recorded");

        failed.Status.Should().Be(OutboundEmailStatus.Queued);
        failed.SentAt.Should().BeNull();
        failed.LastError.Should().NotBeNullOrWhiteSpace().And.NotContain("   at ").And.NotContain("\n");
        failed.NextAttemptAt.Should().BeCloseTo(failed.QueuedAt + OutboxWorker.FirstRetry, TimeSpan.FromSeconds(5));
        failed.LockedUntil.Should().BeNull();
        smtp.Messages.Should().HaveCount(1);
        (await site.CreateClient().GetAsync("/quiz/rag-vs-fine-tuning")).StatusCode.Should().Be(HttpStatusCode.OK, "a mail server down is not the site's fault");

        await smtp.StartAgainAsync();
        clock.Advance(OutboxWorker.FirstRetry + TimeSpan.FromSeconds(1));
        var arrived = await smtp.WaitForAsync(2);

        arrived.Should().HaveCount(2);
        arrived[1].To.Mailboxes.Single().Address.Should().Be("second@example.org");
        arrived[1].TextBody.Should().Contain("Hello Second,");
        var sent = await WaitForRowAsync(site, queued.Id, r => r.Status == OutboundEmailStatus.Sent, "the second attempt should be marked sent");
        sent.Attempts.Should().Be(2);
        sent.LastError.Should().BeNull();
    }

    public static async Task RestartAsync(IDictionary<string, string> database)
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        await smtp.StopAsync();
        Guid id;
        using (var first = Site(database, smtp, new MovableClock()))
        {
            id = (await QueueAsync(first, "prospect@example.org", Values("Before the restart"))).Id;
            await WaitForRowAsync(first, id, r => r.Attempts == 1, "the first site should have tried once");
        }

        await smtp.StartAgainAsync();
        var later = new MovableClock();
        later.Advance(TimeSpan.FromMinutes(1));
        using var second = Site(database, smtp, later);
        _ = second.Services;

        var message = (await smtp.WaitForAsync(1)).Single();
        message.TextBody.Should().Contain("Hello Before the restart,");
        (await WaitForRowAsync(second, id, r => r.Status == OutboundEmailStatus.Sent, "the restarted site should mark it sent")).Attempts.Should().Be(2);
    }

    public static async Task TwoWorkersAsync(IDictionary<string, string> database)
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        var clock = new MovableClock();
        using var first = Site(database, smtp, clock);
        using var second = Site(database, smtp, clock);
        _ = second.Services;
        const int count = 20;

        List<Guid> ids;
        await using (var scope = first.Services.CreateAsyncScope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<MailOutbox>();
            ids = [.. Enumerable.Range(1, count).Select(i => outbox.AddResult(Guid.NewGuid(), $"p{i}@example.org", Values($"Prospect {i}"), "staff-id").Id)];
            await scope.ServiceProvider.GetRequiredService<SiteDbContext>().SaveChangesAsync();
        }

        // Both workers look at once.
        first.Services.GetRequiredService<OutboxWorker>().Wake();
        second.Services.GetRequiredService<OutboxWorker>().Wake();
        await Eventually.WaitAsync(async () =>
        {
            await using var scope = first.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<SiteDbContext>().OutboundEmails.CountAsync(e => e.Status == OutboundEmailStatus.Sent);
        }, sent => sent == count, "every message should be marked sent");

        // A row is marked sent only after its send, so every send has happened by now.
        smtp.Messages.Should().HaveCount(count);
        smtp.Messages.Select(m => m.MessageId).Should().OnlyHaveUniqueItems()
            .And.BeEquivalentTo(ids.Select(id => $"{id:N}@example.org"));
        foreach (var id in ids)
        {
            (await RowAsync(first, id)).Attempts.Should().Be(1);
        }
    }

    public static async Task FailedThenRetriedAsync(IDictionary<string, string> database)
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        await smtp.StopAsync();
        var clock = new MovableClock();
        using var site = Site(database, smtp, clock, new Dictionary<string, string> { ["Email:MaxAttempts"] = "2" });
        var id = (await QueueAsync(site, "prospect@example.org", Values("Patient"))).Id;
        await WaitForRowAsync(site, id, r => r.Attempts == 1, "the first attempt should fail");
        clock.Advance(OutboxWorker.FirstRetry + TimeSpan.FromSeconds(1));

        var failed = await WaitForRowAsync(site, id, r => r.Status == OutboundEmailStatus.Failed, "the second failure should mark it failed");
        failed.Attempts.Should().Be(2);
        failed.NextAttemptAt.Should().BeNull();
        failed.LastError.Should().StartWith("failed after 2 attempts, retry by hand: ");

        // Failed means left alone: hours later, still nothing is tried.
        await smtp.StartAgainAsync();
        clock.Advance(TimeSpan.FromHours(3));
        await site.Services.GetRequiredService<OutboxWorker>().SendDueAsync();
        smtp.Messages.Should().BeEmpty();

        await using (var scope = site.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<MailOutbox>().RetryAsync(id)).Should().BeTrue();
        }

        (await smtp.WaitForAsync(1)).Single().TextBody.Should().Contain("Hello Patient,");
        var sent = await WaitForRowAsync(site, id, r => r.Status == OutboundEmailStatus.Sent, "the retry should be marked sent");
        sent.Attempts.Should().Be(1, "a retry by hand starts a fresh set of attempts");
        sent.LastError.Should().BeNull();
    }
}
