using System.Globalization;
using Decisioner.Web.Data;
using Decisioner.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Decisioner.Web.Desk;

/// <summary>
/// The work on a saved session: notes, and the status with the next follow-up date (with a concurrency
/// token, so two members of staff changing one session lose neither change). Each change is audited by
/// session id, never with the prospect's name or email.
/// </summary>
public sealed class DeskFollowUps(SiteDbContext db, AuditTrail audit, TimeProvider time)
{
    private const string NoSuchSession = "There is no such session: it may have been erased meanwhile.";

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>Adds a note; null when added, otherwise why not.</summary>
    public async Task<string?> AddNoteAsync(Guid id, string? text, string? authorId, string? actor, CancellationToken cancellation = default)
    {
        text = text is null ? null : DeskText.Printable(text, keepLineBreaks: true).Trim();
        if (string.IsNullOrEmpty(text))
        {
            return "Write the note first.";
        }

        if (text.Length > DeskLimits.Note)
        {
            return $"The note is longer than {DeskLimits.Note} characters.";
        }

        if (!await db.DeskSessions.AnyAsync(s => s.Id == id && s.ErasedAt == null, cancellation))
        {
            return NoSuchSession;
        }

        db.DeskNotes.Add(new DeskNote { SessionId = id, AuthorId = authorId, Text = text, At = Now });
        await db.SaveChangesAsync(cancellation);
        audit.Record(AuditEvents.DeskNoteAdded, actor, DeskService.Target(id));
        return null;
    }

    /// <summary>
    /// Sets the status and the next follow-up date, from the copy the form showed (its <paramref name="version"/>).
    /// If someone changed the session since, nothing is changed and the answer says so: no change is lost.
    /// </summary>
    public async Task<DeskUpdateResult> UpdateAsync(Guid id, string? version, string? status, string? followUpOn, string? byId, string? actor, CancellationToken cancellation = default)
    {
        if (!Guid.TryParse(version, out var seen))
        {
            return DeskUpdateResult.Refused("The form had no version of the session. Open the session again.");
        }

        if (DeskStatuses.Parse(status) is not { } to)
        {
            return DeskUpdateResult.Refused("That is not a status. The statuses are: new, contacted, enrolled, closed.");
        }

        if (!DeskText.TryReadDay(followUpOn, out var followUp))
        {
            return DeskUpdateResult.Refused(DeskText.NotADay);
        }

        var session = await db.DeskSessions.FirstOrDefaultAsync(s => s.Id == id, cancellation);
        if (session is null || session.ErasedAt is not null)
        {
            return DeskUpdateResult.Refused(NoSuchSession);
        }

        if (session.Version != seen)
        {
            return Conflict(session);
        }

        if (session.Status == to && session.FollowUpOn == followUp)
        {
            return DeskUpdateResult.Made(DeskNotices.Unchanged);
        }

        var from = session.Status;
        // The version the form showed is what the database must still hold: another change since, and this one is refused.
        db.Entry(session).Property(s => s.Version).OriginalValue = seen;
        session.Version = Guid.NewGuid();
        session.Status = to;
        session.FollowUpOn = followUp;
        if (from != to)
        {
            db.DeskStatusChanges.Add(new DeskStatusChange { SessionId = id, From = from, To = to, ById = byId, At = Now });
        }

        try
        {
            await db.SaveChangesAsync(cancellation);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await db.DeskSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellation);
            return current is null ? DeskUpdateResult.Refused(NoSuchSession) : Conflict(current);
        }

        audit.Record(AuditEvents.DeskUpdated, actor, DeskService.Target(id), from == to ? "follow-up date" : $"{from.Name()} → {to.Name()}");
        return DeskUpdateResult.Made(from == to ? DeskNotices.FollowUpSaved : DeskNotices.StatusChanged(to));
    }

    private static DeskUpdateResult Conflict(DeskSession current) =>
        DeskUpdateResult.Refused($"Someone else changed this session while you had it open, so your change was not made. It is now {current.Status.Name()}, follow up {(current.FollowUpOn is { } d ? "on " + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "not set")}. Look at it again and make your change once more if it still applies.");
}

/// <summary>
/// What an update did, in words for the person who asked. A change made (or found already made) carries
/// <see cref="Done"/>, the <see cref="DeskNotices"/> flag the page redirects with.
/// </summary>
public sealed record DeskUpdateResult(bool Succeeded, string Message, string? Done)
{
    public static DeskUpdateResult Made(string done) => new(true, DeskNotices.Text(done) ?? done, done);

    public static DeskUpdateResult Refused(string why) => new(false, why, null);
}
