using System.Net.Sockets;
using System.Threading.Channels;
using Decisioner.Web.Content;
using Decisioner.Web.Data;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Decisioner.Web.Mail;

/// <summary>
/// Sends what is due in the outbox: at once when something is queued, and every
/// <see cref="EmailOptions.PollSeconds"/> for retries. Each message is first claimed with a conditional
/// update (its <see cref="OutboundEmail.Version"/> must still be the one read), so two workers, in one
/// site or in several instances, never both send it. A failed attempt is recorded and tried again after
/// 30 seconds, then 1, 2, 4 ... minutes (at most an hour apart), up to <see cref="EmailOptions.MaxAttempts"/>;
/// then the message is marked failed for staff to retry. Everything is in the database, so a restart
/// carries on where the last run stopped. A send cut off between the server taking the message and the
/// row being marked can repeat it once, with the same Message-ID; it is never lost.
/// </summary>
public sealed partial class OutboxWorker(
    IServiceScopeFactory scopes,
    ContentStore content,
    IOptions<EmailOptions> options,
    TimeProvider time,
    ILogger<OutboxWorker> logger) : BackgroundService
{
    /// <summary>Messages claimed in one round.</summary>
    public const int BatchSize = 20;

    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan LongestWait = TimeSpan.FromHours(1);

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SemaphoreSlim _sending = new(1, 1);
    private bool _failing;

    /// <summary>Asks for a round now (a message was queued or retried).</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>The wait after <paramref name="attempts"/> failed attempts: 30 s, 1 min, 2 min, ... at most an hour.</summary>
    public static TimeSpan Backoff(int attempts)
    {
        var doublings = Math.Clamp(attempts - 1, 0, 20);
        var wait = FirstRetry * Math.Pow(2, doublings);
        return wait < LongestWait ? wait : LongestWait;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (options.Value.IsConfigured)
                {
                    await SendDueAsync(stoppingToken);
                }

                using var poll = new CancellationTokenSource(TimeSpan.FromSeconds(options.Value.PollSeconds), time);
                using var either = CancellationTokenSource.CreateLinkedTokenSource(poll.Token, stoppingToken);
                try
                {
                    await _wake.Reader.ReadAsync(either.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: what is claimed and unsent is claimed only until LockedUntil, so the next run takes it.
        }
    }

    /// <summary>One round: claims and sends what is due. Never throws for a database or mail fault; it logs it once.</summary>
    public async Task SendDueAsync(CancellationToken cancellation = default)
    {
        await _sending.WaitAsync(cancellation);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SiteDbContext>();
            using var client = new SmtpClient();
            try
            {
                // Rounds go on while whole batches are due, so a long queue drains without waiting for the poll.
                while (await SendBatchAsync(db, client, cancellation) == BatchSize)
                {
                }

                if (_failing)
                {
                    _failing = false;
                    LogResumed(logger);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellation.IsCancellationRequested)
            {
                if (!_failing)
                {
                    _failing = true;
                    LogFailing(logger, Short(ex));
                }
            }
            finally
            {
                await QuitAsync(client);
            }
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>Claims and sends up to <see cref="BatchSize"/> due messages; returns how many it claimed.</summary>
    private async Task<int> SendBatchAsync(SiteDbContext db, SmtpClient client, CancellationToken cancellation)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var due = await db.OutboundEmails.AsNoTracking()
            .Where(e => e.Status == OutboundEmailStatus.Queued && e.NextAttemptAt <= now && (e.LockedUntil == null || e.LockedUntil < now))
            .OrderBy(e => e.NextAttemptAt)
            .Select(e => new { e.Id, e.Version })
            .Take(BatchSize)
            .ToListAsync(cancellation);

        var claimed = 0;
        foreach (var candidate in due)
        {
            // The claim: only the worker whose update finds the version it read goes on.
            var version = Guid.NewGuid();
            var lockedUntil = now.AddSeconds(settings.TimeoutSeconds * 4);
            var won = await db.OutboundEmails
                .Where(e => e.Id == candidate.Id && e.Version == candidate.Version && e.Status == OutboundEmailStatus.Queued)
                .ExecuteUpdateAsync(set => set.SetProperty(e => e.LockedUntil, lockedUntil).SetProperty(e => e.Version, version), cancellation);
            if (won == 0)
            {
                continue;
            }

            claimed++;
            var email = await db.OutboundEmails.AsNoTracking().SingleAsync(e => e.Id == candidate.Id, cancellation);
            string? error = null;
            var kind = "";
            var permanent = false;
            var serverDown = false;
            try
            {
                await ConnectAsync(client, settings, cancellation);
                await client.SendAsync(Build(email, settings), cancellation);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellation.IsCancellationRequested)
            {
                error = Short(ex);
                kind = ex is SmtpCommandException command ? $"the server answered {(int)command.StatusCode}" : ex.GetType().Name;
                // The server refused this address for good: retrying cannot help.
                permanent = ex is SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted, StatusCode: >= (SmtpStatusCode)500 };
                serverDown = !client.IsConnected || ex is SocketException or IOException or ServiceNotConnectedException or ServiceNotAuthenticatedException or AuthenticationException or TimeoutException;
            }

            await RecordAsync(db, email, version, error, permanent, settings.MaxAttempts);
            if (serverDown)
            {
                // The others would fail the same way; they stay due for the next round.
                LogAttemptFailed(logger, email.Id, email.Attempts + 1, kind);
                return 0;
            }

            if (error is not null)
            {
                LogAttemptFailed(logger, email.Id, email.Attempts + 1, kind);
            }
        }

        return claimed;
    }

    /// <summary>Says goodbye to the server; a server that has gone away by now changes nothing.</summary>
    private static async Task QuitAsync(SmtpClient client)
    {
        try
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync(quit: true, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or MailKit.ProtocolException or OperationCanceledException or TimeoutException)
        {
        }
    }

    private async Task RecordAsync(SiteDbContext db, OutboundEmail email, Guid claim, string? error, bool permanent, int maxAttempts)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var attempts = email.Attempts + 1;
        var version = Guid.NewGuid();
        var status = error is null ? OutboundEmailStatus.Sent
            : permanent || attempts >= maxAttempts ? OutboundEmailStatus.Failed
            : OutboundEmailStatus.Queued;
        DateTime? next = status == OutboundEmailStatus.Queued ? now + Backoff(attempts) : null;
        DateTime? sentAt = error is null ? now : null;
        var lastError = error is null ? null
            : status == OutboundEmailStatus.Failed ? Cut($"failed after {attempts} attempt{(attempts == 1 ? "" : "s")}, retry by hand: {error}")
            : error;

        // Recorded even when the site is stopping: the server may already have the message.
        await db.OutboundEmails
            .Where(e => e.Id == email.Id && e.Version == claim)
            .ExecuteUpdateAsync(set => set
                .SetProperty(e => e.Status, status)
                .SetProperty(e => e.Attempts, attempts)
                .SetProperty(e => e.NextAttemptAt, next)
                .SetProperty(e => e.SentAt, sentAt)
                .SetProperty(e => e.LastError, lastError)
                .SetProperty(e => e.LockedUntil, (DateTime?)null)
                .SetProperty(e => e.Version, version), CancellationToken.None);
    }

    private static async Task ConnectAsync(SmtpClient client, EmailOptions settings, CancellationToken cancellation)
    {
        if (client.IsConnected)
        {
            return;
        }

        client.Timeout = settings.TimeoutSeconds * 1000;
        var security = settings.Security switch
        {
            SmtpSecurity.None => SecureSocketOptions.None,
            SmtpSecurity.Ssl => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTls,
        };
        await client.ConnectAsync(settings.Host!, settings.EffectivePort, security, cancellation);
        if (!string.IsNullOrEmpty(settings.UserName))
        {
            await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", cancellation);
        }
    }

    private MimeMessage Build(OutboundEmail email, EmailOptions settings)
    {
        var from = new MailboxAddress("", settings.FromAddress!);
        from.Name = Core.Content.EmailTemplate.OneLine(settings.FromName ?? content.Current.Site.Name);
        var message = new MimeMessage
        {
            // One id per outbox row: a message sent twice after a crash is recognisably the same one.
            MessageId = $"{email.Id:N}@{from.Domain}",
            Date = new DateTimeOffset(email.QueuedAt, TimeSpan.Zero),
            // Stored as one line already; made one line again here, so no text can ever start a new header.
            Subject = Core.Content.EmailTemplate.OneLine(email.Subject),
            Body = new BodyBuilder { TextBody = email.TextBody, HtmlBody = email.HtmlBody }.ToMessageBody(),
        };
        message.From.Add(from);
        message.To.Add(new MailboxAddress("", email.Recipient));
        return message;
    }

    /// <summary>One short line about what went wrong: the message, never the stack.</summary>
    internal static string Short(Exception ex)
    {
        var text = ex switch
        {
            SmtpCommandException command => $"the mail server said {(int)command.StatusCode}: {command.Message}",
            SmtpProtocolException protocol => "the mail server broke the protocol: " + protocol.Message,
            SocketException socket => "cannot reach the mail server: " + socket.Message,
            AuthenticationException auth => "the mail server refused the user name or password: " + auth.Message,
            _ => ex.GetBaseException().Message,
        };
        return Cut(Core.Content.EmailTemplate.OneLine(text));
    }

    private static string Cut(string text) =>
        text.Length <= OutboundEmailConfiguration.ErrorLength ? text : text[..(OutboundEmailConfiguration.ErrorLength - 1)] + "…";

    // The kind of fault only: a server's own words may quote the address, which never goes in the log.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {Id} was not sent (attempt {Attempt}: {Kind}); the outbox row has the details.")]
    private static partial void LogAttemptFailed(ILogger logger, Guid id, int attempt, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outbox cannot be read or written ({Reason}). Messages stay queued until it can. (Logged once.)")]
    private static partial void LogFailing(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The outbox is working again.")]
    private static partial void LogResumed(ILogger logger);
}
