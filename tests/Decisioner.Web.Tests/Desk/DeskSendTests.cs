using Decisioner.Tests;
using Decisioner.Web.Data;
using Decisioner.Web.Desk;
using Decisioner.Web.Staff;
using Decisioner.Web.Tests.Data;
using Decisioner.Web.Tests.Mail;
using Decisioner.Web.Tests.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Decisioner.Web.Tests.Desk;

/// <summary>
/// "Send the result" on a desk session, to a real SMTP server in the test process: only with the consent
/// and an address on record, the link carries the answers only, a send is audited by session id, and
/// erasing the prospect deletes the messages too. The ones that store and erase run on SQLite and on PostgreSQL.
/// </summary>
public sealed class DeskSendTests
{
    private const string Name = "Ada Sendwell";
    private const string Email = "ada.sendwell@example.org";

    private static SiteFactory Site(TestSmtpServer? smtp) => new(TestPaths.Content, smtp?.Settings ?? []);

    /// <summary>Runs <paramref name="scenario"/> on a site with an SMTP server, on SQLite or on a fresh PostgreSQL database.</summary>
    private static async Task OnAsync(bool postgres, Func<SiteFactory, TestSmtpServer, Task> scenario)
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var database = postgres ? await TestPostgres.CreateAsync() : null;
        var settings = new Dictionary<string, string>(database?.Settings ?? []);
        foreach (var (key, value) in smtp.Settings)
        {
            settings[key] = value;
        }

        using var site = new SiteFactory(TestPaths.Content, settings);
        await scenario(site, smtp);
    }

    private static Dictionary<string, string> Prospect(bool consent) => new()
    {
        ["Input.Name"] = Name,
        ["Input.Email"] = Email,
        ["Input.ConsentSend"] = consent ? "true" : "false",
    };

    [Fact]
    public Task WithConsent_TheResultArrives_WithTheAnswersOnlyLink_AndTheSendIsAudited() => OnAsync(postgres: false, ResultArrivesAsync);

    [PostgresFact]
    public Task WithConsent_TheResultArrives_OnPostgres() => OnAsync(postgres: true, ResultArrivesAsync);

    private static async Task ResultArrivesAsync(SiteFactory site, TestSmtpServer smtp)
    {
        var admissions = await StaffSignIn.AsAsync(site, "admissions");
        var id = await DeskSteps.SavedIdAsync(admissions, Prospect(consent: true));

        var posted = await SendAsync(admissions, id);

        posted.StatusCode.Should().Be(System.Net.HttpStatusCode.Redirect, "post, then redirect: a reload must not send it again");
        posted.Headers.Location!.OriginalString.Should().EndWith($"/staff/desk/{id:D}?done=sent");
        (await SessionPageAsync(admissions, id, "?done=sent")).Should().Contain("The result is queued");
        var message = (await smtp.WaitForAsync(1)).Single();
        message.To.Mailboxes.Single().Address.Should().Be(Email);
        var text = message.TextBody;
        text.Should().Contain("/quiz/rag-vs-fine-tuning/result?").And.Contain("gap=behavior");
        var link = text[text.IndexOf("http", StringComparison.Ordinal)..].Split(['\n', ' ', ')', '>'])[0];
        link.Should().NotContain("ada").And.NotContain("%40").And.NotContain("@").And.NotContain("presenter");
        message.HtmlBody.Should().Contain(Name).And.Contain("gap=behavior");

        var sent = await Eventually.WaitAsync(() => SessionPageAsync(admissions, id), html => html.Contains("Sent ", StringComparison.Ordinal), "the page shows the message as sent");
        sent.Should().Contain("Messages from this session");
        var audit = await AuditAsync(site);
        audit.Should().Contain(e => e.Event == AuditEvents.DeskResultSent && e.Target == DeskService.Target(id));
        audit.Where(e => e.Event == AuditEvents.DeskResultSent).Should().OnlyContain(e => !(e.Target + e.Detail).Contains(Email) && !(e.Target + e.Detail).Contains("Ada"));
    }

    [Fact]
    public async Task WithoutConsent_ThereIsNoButton_AndAForcedPostQueuesNothing()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        using var site = Site(smtp);
        var admissions = await StaffSignIn.AsAsync(site, "admissions");
        var id = await DeskSteps.SavedIdAsync(admissions, Prospect(consent: false));

        var html = await SessionPageAsync(admissions, id);
        html.Should().Contain("did not agree to be sent this result").And.NotContain(">Send the result</button>");
        (await ForcedSendAsync(admissions, id, html)).Should().Be(System.Net.HttpStatusCode.BadRequest, "the page has no send form to post");
        (await OutboxCountAsync(site)).Should().Be(0);
    }

    [Fact]
    public async Task WithNoMailServerSetUp_ThePageSaysSo_InsteadOfFailing()
    {
        using var site = Site(smtp: null);
        var admissions = await StaffSignIn.AsAsync(site, "admissions");
        var id = await DeskSteps.SavedIdAsync(admissions, Prospect(consent: true));

        var html = await SessionPageAsync(admissions, id);

        html.Should().Contain("Sending is not set up on this site").And.NotContain(">Send the result</button>");
        (await ForcedSendAsync(admissions, id, html)).Should().Be(System.Net.HttpStatusCode.BadRequest, "the page has no send form to post");
        (await OutboxCountAsync(site)).Should().Be(0);
    }

    [Fact]
    public Task ErasingTheProspect_DeletesTheMessagesSentFromTheSession() => OnAsync(postgres: false, ErasingDeletesMessagesAsync);

    [PostgresFact]
    public Task ErasingTheProspect_DeletesTheMessages_OnPostgres() => OnAsync(postgres: true, ErasingDeletesMessagesAsync);

    private static async Task ErasingDeletesMessagesAsync(SiteFactory site, TestSmtpServer smtp)
    {
        var admissions = await StaffSignIn.AsAsync(site, "admissions");
        var id = await DeskSteps.SavedIdAsync(admissions, Prospect(consent: true));
        (await SendAsync(admissions, id)).StatusCode.Should().Be(System.Net.HttpStatusCode.Redirect);
        await smtp.WaitForAsync(1);
        (await OutboxCountAsync(site)).Should().Be(1);

        var ask = await admissions.GetStringAsync($"/staff/desk/{id:D}?ask=erase");
        await DeskSteps.PostSessionFormAsync(admissions, id, "erase", new Dictionary<string, string> { ["Erase.Confirm"] = "yes" }, ask, "?ask=erase");

        (await OutboxCountAsync(site)).Should().Be(0, "the message held the prospect's name and address");
    }

    /// <summary>The send form posted by hand (its token taken from the page) when the page shows no such form.</summary>
    private static async Task<System.Net.HttpStatusCode> ForcedSendAsync(HttpClient client, Guid id, string html)
    {
        var token = DeskSteps.TokenOf(html);
        var response = await client.PostAsync($"/staff/desk/{id:D}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "send",
            ["Send.Confirm"] = "yes",
        }));
        return response.StatusCode;
    }

    private static async Task<string> SessionPageAsync(HttpClient client, Guid id, string query = "") =>
        System.Net.WebUtility.HtmlDecode(await client.GetStringAsync($"/staff/desk/{id:D}{query}"));

    /// <summary>Posts the session page's send form as the page shows it.</summary>
    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, Guid id)
    {
        var html = await SessionPageAsync(client, id);
        html.Should().Contain(">Send the result</button>");
        var token = DeskSteps.TokenOf(html);
        return await client.PostAsync($"/staff/desk/{id:D}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "send",
            ["Send.Confirm"] = "yes",
        }));
    }

    private static async Task<int> OutboxCountAsync(SiteFactory site)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SiteDbContext>().OutboundEmails.CountAsync();
    }

    private static async Task<List<AuditEvent>> AuditAsync(SiteFactory site)
    {
        var audit = site.Services.GetRequiredService<AuditTrail>();
        return await Eventually.WaitAsync(async () =>
        {
            await using var scope = site.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<SiteDbContext>().AuditEvents.AsNoTracking().ToListAsync();
        }, events => events.Any(e => e.Event == AuditEvents.DeskResultSent), "the send is audited");
    }
}
