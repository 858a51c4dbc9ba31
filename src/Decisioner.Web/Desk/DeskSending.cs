using Decisioner.Core.Content;
using Decisioner.Core.Questionnaires;
using Decisioner.Core.Scoring;
using Decisioner.Web.Content;
using Decisioner.Web.Data;
using Decisioner.Web.Mail;
using Decisioner.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Decisioner.Web.Desk;

/// <summary>
/// Sends a saved session's result to the prospect through the mail outbox: only with the "send me this
/// result" consent on record and an email address saved. The message carries the result link (answers
/// only, never the name or the address) and is queued, so a mail server that is down delays it and loses
/// nothing. Each send is audited by session id.
/// </summary>
public sealed class DeskSending(SiteDbContext db, ContentStore content, MailOutbox outbox, AuditTrail audit)
{
    /// <summary>Who the message says the prospect went through the quiz with: staff accounts have no display name.</summary>
    public const string Sender = "our admissions team";

    /// <summary>Null when this session's result can be sent now; otherwise the sentence to show instead of the button.</summary>
    public string? CannotSend(DeskSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.ErasedAt is not null ? "The prospect was erased, so there is no one to send it to."
            : outbox.CannotSendReason is { } reason ? reason
            : session.ProspectEmail is null ? "No email address was saved for this prospect, so there is nowhere to send the result."
            : !MailAddresses.IsValid(session.ProspectEmail) ? "The saved email address is not one the site can send to."
            : !session.Consents.Any(c => c.Purpose == DeskConsentWording.SendResult && c.Given)
                ? "The prospect did not agree to be sent this result (see Consent), so it cannot be sent."
            : content.Current.FindQuestionnaire(session.QuizId) is null ? "This quiz is no longer on the site, so there is no result to send."
            : null;
    }

    /// <summary>Queues the message; returns null when queued, or why it was not.</summary>
    public async Task<string?> SendAsync(Guid id, Uri siteAddress, string? staffId, string? actor, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(siteAddress);
        var session = await db.DeskSessions.Include(s => s.Consents).AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellation);
        if (session is null)
        {
            return "There is no such session: it may have been erased.";
        }

        if (CannotSend(session) is { } why)
        {
            return why;
        }

        var quiz = content.Current.FindQuestionnaire(session.QuizId)!;
        var (address, _) = QuizAddress.Parse(quiz, "?" + session.Answers);
        var result = ScoringEngine.Recommend(address.Answers);
        var link = new Uri(siteAddress, new QuizAddress(address.Answers).ResultUrl());
        var values = new TemplateValues(session.ProspectName, quiz.OutcomeTexts[result.Outcome].Title, result.Headline, link, Sender);
        await outbox.QueueResultAsync(id, session.ProspectEmail!, values, staffId ?? "", cancellation);
        audit.Record(AuditEvents.DeskResultSent, actor, DeskService.Target(id), "queued for sending");
        return null;
    }

    /// <summary>The messages queued for this session, newest first.</summary>
    public async Task<IReadOnlyList<OutboundEmail>> SentAsync(Guid id, CancellationToken cancellation = default) =>
        [.. (await outbox.ForSessionAsync(id, cancellation)).OrderByDescending(e => e.QueuedAt)];

    /// <summary>Sends a failed message again now; false when it was sent or is being sent meanwhile, or is not this session's.</summary>
    public async Task<bool> RetryAsync(Guid sessionId, Guid messageId, string? actor, CancellationToken cancellation = default)
    {
        if (!(await outbox.ForSessionAsync(sessionId, cancellation)).Any(e => e.Id == messageId) || !await outbox.RetryAsync(messageId, cancellation))
        {
            return false;
        }

        audit.Record(AuditEvents.DeskResultSent, actor, DeskService.Target(sessionId), "failed message retried");
        return true;
    }
}
