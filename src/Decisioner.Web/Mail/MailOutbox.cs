using Decisioner.Core.Content;
using Decisioner.Web.Content;
using Decisioner.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Decisioner.Web.Mail;

/// <summary>
/// Queues messages in the database and lets staff see and retry them; <see cref="OutboxWorker"/> sends
/// them. Scoped: it works in the caller's <see cref="SiteDbContext"/>, so a message is saved in the same
/// transaction as whatever else the caller saves with it.
/// </summary>
public sealed class MailOutbox(SiteDbContext db, ContentStore content, IOptions<EmailOptions> options, OutboxWorker worker, TimeProvider time)
{
    public const string NotConfiguredMessage = "Sending is not set up on this site: ask an administrator to set Email:Host.";

    public const string NoTemplateMessage = "The message template is missing or has errors: an editor can fix content/" + EmailTemplate.ResultFile + " (run check).";

    /// <summary>Whether sending is set up (<c>Email:Host</c>). Queued messages wait until it is.</summary>
    public bool IsConfigured => options.Value.IsConfigured;

    /// <summary>Null when a result can be sent now; otherwise the sentence to show instead of the button.</summary>
    public string? CannotSendReason =>
        !IsConfigured ? NotConfiguredMessage
        : content.Current.ResultEmail is null ? NoTemplateMessage
        : null;

    /// <summary>
    /// Adds the result message for <paramref name="to"/> to the caller's unit of work without saving it:
    /// the caller's next <c>SaveChangesAsync</c> saves it with everything else, or nothing at all.
    /// Call <see cref="WakeWorker"/> after saving so it goes at once rather than at the next poll.
    /// </summary>
    /// <exception cref="ArgumentException">The address is not one valid address (check with <see cref="MailAddresses.IsValid"/> first).</exception>
    /// <exception cref="InvalidOperationException">Sending is not possible (<see cref="CannotSendReason"/> says why).</exception>
    public OutboundEmail AddResult(Guid sessionId, string to, TemplateValues values, string queuedBy)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentException.ThrowIfNullOrEmpty(queuedBy);
        if (!MailAddresses.IsValid(to))
        {
            throw new ArgumentException("Not one valid email address.", nameof(to));
        }

        if (CannotSendReason is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        var snapshot = content.Current;
        var message = snapshot.ResultEmail!.Render(values, snapshot.Site.Name);
        var now = time.GetUtcNow().UtcDateTime;
        var email = new OutboundEmail
        {
            DeskSessionId = sessionId,
            Recipient = to,
            Subject = message.Subject,
            TextBody = message.Text,
            HtmlBody = message.Html,
            QueuedAt = now,
            QueuedBy = queuedBy,
            NextAttemptAt = now,
        };
        db.OutboundEmails.Add(email);
        return email;
    }

    /// <summary>Queues the result message, saving it (with anything else pending in the context), and wakes the worker.</summary>
    public async Task<OutboundEmail> QueueResultAsync(Guid sessionId, string to, TemplateValues values, string queuedBy, CancellationToken cancellation = default)
    {
        var email = AddResult(sessionId, to, values, queuedBy);
        await db.SaveChangesAsync(cancellation);
        WakeWorker();
        return email;
    }

    /// <summary>Tells the worker there is something to send now.</summary>
    public void WakeWorker() => worker.Wake();

    /// <summary>The messages about one session, oldest first, for showing how each fared.</summary>
    public async Task<IReadOnlyList<OutboundEmail>> ForSessionAsync(Guid sessionId, CancellationToken cancellation = default) =>
        await db.OutboundEmails.AsNoTracking()
            .Where(e => e.DeskSessionId == sessionId)
            .OrderBy(e => e.QueuedAt)
            .ToListAsync(cancellation);

    /// <summary>
    /// Sends a message again now, with a fresh set of attempts: one that failed, or one still waiting for
    /// its next try. False when it is already sent, being sent this moment, or not there.
    /// </summary>
    public async Task<bool> RetryAsync(Guid id, CancellationToken cancellation = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var version = Guid.NewGuid();
        var changed = await db.OutboundEmails
            .Where(e => e.Id == id && e.Status != OutboundEmailStatus.Sent && (e.LockedUntil == null || e.LockedUntil < now))
            .ExecuteUpdateAsync(set => set
                .SetProperty(e => e.Status, OutboundEmailStatus.Queued)
                .SetProperty(e => e.Attempts, 0)
                .SetProperty(e => e.NextAttemptAt, now)
                .SetProperty(e => e.Version, version), cancellation);
        if (changed > 0)
        {
            WakeWorker();
        }

        return changed > 0;
    }

    /// <summary>Deletes every message about a session (they hold the prospect's name and address): for erasure.</summary>
    public Task<int> EraseForSessionAsync(Guid sessionId, CancellationToken cancellation = default) =>
        db.OutboundEmails.Where(e => e.DeskSessionId == sessionId).ExecuteDeleteAsync(cancellation);
}
