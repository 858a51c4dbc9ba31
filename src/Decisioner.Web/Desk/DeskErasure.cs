using Decisioner.Web.Data;
using Decisioner.Web.Mail;
using Decisioner.Web.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Decisioner.Web.Desk;

/// <summary>
/// Erasing a prospect, asked for by staff or due by age (<see cref="DeskOptions.RetentionDays"/>): name,
/// email, follow-up date, notes, consent records and the messages sent go. The answers and outcome stay,
/// anonymous, if <see cref="DeskOptions.KeepAnonymousAnswersOnErase"/>; otherwise the whole session goes.
/// Each erasure is audited by session id.
/// </summary>
public sealed class DeskErasure(SiteDbContext db, AuditTrail audit, TimeProvider time, IOptions<DeskOptions> options, MailOutbox outbox)
{
    /// <summary>Erases the prospect; false when there was nothing (left) to erase.</summary>
    public async Task<bool> EraseAsync(Guid id, string? actor, string why, CancellationToken cancellation = default)
    {
        var session = await db.DeskSessions.Include(s => s.Notes).Include(s => s.Consents).FirstOrDefaultAsync(s => s.Id == id, cancellation);
        if (session is null || (session.ErasedAt is not null && options.Value.KeepAnonymousAnswersOnErase))
        {
            return false;
        }

        // The messages sent from the session hold the address and name too.
        await outbox.EraseForSessionAsync(id, cancellation);
        var kept = Erase(session);
        await db.SaveChangesAsync(cancellation);
        audit.Record(AuditEvents.DeskErased, actor, DeskService.Target(id), kept ? $"{why}; anonymous answers kept" : $"{why}; session deleted");
        return true;
    }

    private bool Erase(DeskSession session)
    {
        if (!options.Value.KeepAnonymousAnswersOnErase)
        {
            db.DeskSessions.Remove(session);
            return false;
        }

        db.DeskNotes.RemoveRange(session.Notes);
        db.DeskConsents.RemoveRange(session.Consents);
        session.ProspectName = null;
        session.ProspectEmail = null;
        session.FollowUpOn = null;
        session.ErasedAt = time.GetUtcNow().UtcDateTime;
        session.Version = Guid.NewGuid();
        return true;
    }

    /// <summary>Erases every session saved longer ago than <see cref="DeskOptions.RetentionDays"/>; returns how many.</summary>
    public async Task<int> EraseExpiredAsync(CancellationToken cancellation = default)
    {
        var oldest = time.GetUtcNow().UtcDateTime.AddDays(-options.Value.RetentionDays);
        var ids = await db.DeskSessions.Where(s => s.SavedAt < oldest && s.ErasedAt == null).Select(s => s.Id).ToListAsync(cancellation);
        foreach (var id in ids)
        {
            await EraseAsync(id, "retention", $"older than {options.Value.RetentionDays} days", cancellation);
            db.ChangeTracker.Clear();
        }

        return ids.Count;
    }
}
