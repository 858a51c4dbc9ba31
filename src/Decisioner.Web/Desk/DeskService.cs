using System.Globalization;
using System.Net.Mail;
using System.Text.Json;
using Decisioner.Core.Content;
using Decisioner.Core.Questionnaires;
using Decisioner.Core.Scoring;
using Decisioner.Web.Api;
using Decisioner.Web.Content;
using Decisioner.Web.Csv;
using Decisioner.Web.Data;
using Decisioner.Web.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Decisioner.Web.Desk;

/// <summary>What staff typed on the save form; every field optional.</summary>
public sealed record DeskSaveInput(string? QuizId, string? Answers, string? Name, string? Email, string? FollowUpOn, bool ConsentSend, bool ConsentContact, string? Key);

/// <summary>
/// Everything done to desk sessions: save (the result computed again from the answers, never taken from
/// the form), list, read, notes, status and follow-up (with a concurrency token), export, erase. Each
/// change is audited by session id, never with the prospect's name or email.
/// </summary>
public sealed class DeskService(SiteDbContext db, ContentStore content, AuditTrail audit, TimeProvider time, IOptions<DeskOptions> options, Mail.MailOutbox outbox)
{
    /// <summary>The most rows the list shows and one export holds; the page says when there are more.</summary>
    public const int ListLimit = 200;

    public const int ExportLimit = 10_000;

    public const string FormerStaff = "a former member of staff";

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public static string Target(Guid id) => "desk session " + id.ToString("D", CultureInfo.InvariantCulture);

    /// <summary>The quiz file's content hash, short, as the quiz figures name versions.</summary>
    public static string VersionOf(ContentSnapshot snapshot, Questionnaire quiz) =>
        snapshot.Files.FirstOrDefault(f => f.Path == quiz.SourcePath)?.Hash is { } hash ? hash[..Math.Min(12, hash.Length)] : "unknown";

    /// <summary>Reads and checks the form; null and a reason when something cannot be kept.</summary>
    public (DeskSession? Session, string? Problem) Prepare(DeskSaveInput input, string? staffId)
    {
        ArgumentNullException.ThrowIfNull(input);
        var snapshot = content.Current;
        if (snapshot.FindQuestionnaire(input.QuizId) is not { } quiz)
        {
            return (null, "That quiz does not exist (any more), so there is no result to save.");
        }

        if ((input.Answers?.Length ?? 0) > DeskLimits.Answers)
        {
            return (null, "The answers are longer than any result address; open the result again and save from there.");
        }

        var (address, _) = QuizAddress.Parse(quiz, "?" + (input.Answers ?? ""));
        var name = Clean(input.Name);
        if (name is { Length: > DeskLimits.Name })
        {
            return (null, $"The name is longer than {DeskLimits.Name} characters.");
        }

        var email = Clean(input.Email);
        if (email is not null && CheckEmail(email) is { } emailProblem)
        {
            return (null, emailProblem);
        }

        DateOnly? followUp = null;
        if (!string.IsNullOrWhiteSpace(input.FollowUpOn))
        {
            if (!DateOnly.TryParseExact(input.FollowUpOn.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return (null, "The follow-up date is not a date written as YYYY-MM-DD.");
            }

            followUp = day;
        }

        if (!Guid.TryParse(input.Key, out var key) || key == Guid.Empty)
        {
            return (null, "The form had no save key. Open the result again and save from there.");
        }

        // The result is computed here from the answers alone; nothing of the result is taken from the form.
        var result = ScoringEngine.Recommend(address.Answers);
        var now = Now;
        var session = new DeskSession
        {
            Id = Guid.NewGuid(),
            QuizId = quiz.Id,
            Answers = new QuizAddress(address.Answers).ResultUrl().Split('?', 2) is [_, var query] ? query : "",
            Outcome = result.Outcome.Id(),
            Timing = result.Timing.Id(),
            FirstStep = result.Plan.Count > 0 ? result.Plan[0].Step.Id() : null,
            Headline = result.Headline.Length > 500 ? result.Headline[..500] : result.Headline,
            ResultJson = JsonSerializer.Serialize(RecommendationDto.From(result, snapshot.Site), ApiJsonContext.Default.RecommendationDto),
            ContentVersion = VersionOf(snapshot, quiz),
            SavedById = staffId,
            SavedAt = now,
            ProspectName = name,
            ProspectEmail = email,
            FollowUpOn = followUp,
            IdempotencyKey = key,
            Version = Guid.NewGuid(),
        };
        foreach (var (purpose, wording) in DeskConsentWording.Purposes)
        {
            var given = purpose == DeskConsentWording.SendResult ? input.ConsentSend : input.ConsentContact;
            session.Consents.Add(new DeskConsent { Purpose = purpose, Given = given, Wording = wording, At = now, RecordedById = staffId });
        }

        return (session, null);
    }

    /// <summary>Saves a session once per form: a second post with the same key returns the first session's id.</summary>
    public async Task<(Guid? Id, string? Problem)> SaveAsync(DeskSaveInput input, string? staffId, string? actor, CancellationToken cancellation = default)
    {
        var (session, problem) = Prepare(input, staffId);
        if (session is null)
        {
            return (null, problem);
        }

        if (await FindByKeyAsync(session.IdempotencyKey, cancellation) is { } existing)
        {
            return (existing, null);
        }

        db.DeskSessions.Add(session);
        try
        {
            await db.SaveChangesAsync(cancellation);
        }
        catch (DbUpdateException)
        {
            // Two posts of one form at the same moment: the unique key let one in; this one finds it.
            db.ChangeTracker.Clear();
            if (await FindByKeyAsync(session.IdempotencyKey, cancellation) is { } raced)
            {
                return (raced, null);
            }

            throw;
        }

        audit.Record(AuditEvents.DeskSaved, actor, Target(session.Id), session.Outcome);
        return (session.Id, null);
    }

    private async Task<Guid?> FindByKeyAsync(Guid key, CancellationToken cancellation) =>
        await db.DeskSessions.AsNoTracking().Where(s => s.IdempotencyKey == key).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(cancellation);

    /// <summary>The session with its notes, history and consent records; null if there is none (or it was erased whole).</summary>
    public Task<DeskSession?> GetAsync(Guid id, CancellationToken cancellation = default) =>
        db.DeskSessions.AsNoTracking().AsSplitQuery()
            .Include(s => s.Notes.OrderBy(n => n.At).ThenBy(n => n.Id))
            .Include(s => s.StatusChanges.OrderBy(c => c.At).ThenBy(c => c.Id))
            .Include(s => s.Consents.OrderBy(c => c.Id))
            .FirstOrDefaultAsync(s => s.Id == id, cancellation);

    /// <summary>Account id to email, for every account named; a removed account is not in it.</summary>
    public async Task<IReadOnlyDictionary<string, string>> StaffNamesAsync(CancellationToken cancellation = default) =>
        await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Email ?? u.UserName ?? u.Id, cancellation);

    public static string StaffName(IReadOnlyDictionary<string, string> names, string? id) =>
        id is not null && names.TryGetValue(id, out var name) ? name : FormerStaff;

    /// <summary>Records that someone opened a session holding personal data (by id only).</summary>
    public void RecordViewed(DeskSession session, string? actor)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.HasPersonalData)
        {
            audit.Record(AuditEvents.DeskViewed, actor, Target(session.Id));
        }
    }

    public async Task<string?> AddNoteAsync(Guid id, string? text, string? authorId, string? actor, CancellationToken cancellation = default)
    {
        text = text is null ? null : Printable(text, keepLineBreaks: true).Trim();
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
            return "There is no such session: it may have been erased meanwhile.";
        }

        db.DeskNotes.Add(new DeskNote { SessionId = id, AuthorId = authorId, Text = text, At = Now });
        await db.SaveChangesAsync(cancellation);
        audit.Record(AuditEvents.DeskNoteAdded, actor, Target(id));
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
            return new(false, "The form had no version of the session. Open the session again.");
        }

        if (ParseStatus(status) is not { } to)
        {
            return new(false, "That is not a status. The statuses are: new, contacted, enrolled, closed.");
        }

        DateOnly? followUp = null;
        if (!string.IsNullOrWhiteSpace(followUpOn))
        {
            if (!DateOnly.TryParseExact(followUpOn.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return new(false, "The follow-up date is not a date written as YYYY-MM-DD.");
            }

            followUp = day;
        }

        var session = await db.DeskSessions.FirstOrDefaultAsync(s => s.Id == id, cancellation);
        if (session is null || session.ErasedAt is not null)
        {
            return new(false, "There is no such session: it may have been erased meanwhile.");
        }

        if (session.Version != seen)
        {
            return Conflict(session);
        }

        if (session.Status == to && session.FollowUpOn == followUp)
        {
            return new(true, "Nothing changed: the status and follow-up date were already these.");
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
            return current is null ? new(false, "There is no such session: it may have been erased meanwhile.") : Conflict(current);
        }

        audit.Record(AuditEvents.DeskUpdated, actor, Target(id), from == to ? "follow-up date" : $"{Name(from)} → {Name(to)}");
        return new(true, from == to ? "The follow-up date is saved." : $"The status is now {Name(to)}.");
    }

    private static DeskUpdateResult Conflict(DeskSession current) =>
        new(false, $"Someone else changed this session while you had it open, so your change was not made. It is now {Name(current.Status)}, follow up {(current.FollowUpOn is { } d ? "on " + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "not set")}. Look at it again and make your change once more if it still applies.");

    public static string Name(DeskStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>A status by its name as the pages write it ("contacted"); null for anything else.</summary>
    public static DeskStatus? ParseStatus(string? name) =>
        Enum.GetValues<DeskStatus>().Cast<DeskStatus?>().FirstOrDefault(s => Name(s!.Value) == name);

    /// <summary>
    /// Erases the prospect: name, email, follow-up date, notes and consent records go. The answers and
    /// outcome stay, anonymous, if <see cref="DeskOptions.KeepAnonymousAnswersOnErase"/>; otherwise the whole session goes.
    /// </summary>
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
        audit.Record(AuditEvents.DeskErased, actor, Target(id), kept ? $"{why}; anonymous answers kept" : $"{why}; session deleted");
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
        session.ErasedAt = Now;
        session.Version = Guid.NewGuid();
        return true;
    }

    /// <summary>Erases every session saved longer ago than <see cref="DeskOptions.RetentionDays"/>; returns how many.</summary>
    public async Task<int> EraseExpiredAsync(CancellationToken cancellation = default)
    {
        var oldest = Now.AddDays(-options.Value.RetentionDays);
        var ids = await db.DeskSessions.Where(s => s.SavedAt < oldest && s.ErasedAt == null).Select(s => s.Id).ToListAsync(cancellation);
        foreach (var id in ids)
        {
            await EraseAsync(id, "retention", $"older than {options.Value.RetentionDays} days", cancellation);
            db.ChangeTracker.Clear();
        }

        return ids.Count;
    }

    /// <summary>The sessions matching the filters, by next follow-up (none last), then newest.</summary>
    public async Task<List<DeskSession>> ListAsync(DeskQuery query, int limit, bool withNotes = false, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sessions = db.DeskSessions.AsNoTracking();
        if (withNotes)
        {
            sessions = sessions.Include(s => s.Notes.OrderBy(n => n.At)).AsSplitQuery();
        }

        return await query.Apply(sessions).Take(limit).ToListAsync(cancellation);
    }

    /// <summary>The sessions as CSV through the site's one writer; notes only when asked for.</summary>
    public static string Csv(IEnumerable<DeskSession> sessions, IReadOnlyDictionary<string, string> staff, bool withNotes)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var csv = new CsvWriter(text);
        string[] header = ["id", "saved_at_utc", "saved_by", "quiz", "outcome", "timing", "first_step", "status", "follow_up", "name", "email", "answers"];
        csv.Row(withNotes ? [.. header, "notes"] : header);
        foreach (var s in sessions)
        {
            string?[] row =
            [
                s.Id.ToString("D", CultureInfo.InvariantCulture),
                s.SavedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                StaffName(staff, s.SavedById),
                s.QuizId, s.Outcome, s.Timing, s.FirstStep, Name(s.Status),
                s.FollowUpOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                s.ProspectName, s.ProspectEmail, s.Answers,
            ];
            csv.Row(withNotes ? [.. row, string.Join("\n", s.Notes.Select(n => n.At.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + n.Text))] : row);
        }

        return text.ToString();
    }

    /// <summary>A plain address only: no display name, no line breaks, at most 254 characters.</summary>
    public static string? CheckEmail(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        if (email.Length > DeskLimits.Email)
        {
            return $"The email is longer than {DeskLimits.Email} characters.";
        }

        return email.Any(char.IsControl) || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || parsed.DisplayName.Length > 0
            ? "That is not an email address: write it as name@example.org, with nothing else."
            : null;
    }

    /// <summary>Trimmed, control characters replaced (line breaks too: a name is one line), or null when empty.</summary>
    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : Printable(text, keepLineBreaks: false).Trim();

    /// <summary>Control characters (a NUL, which PostgreSQL cannot store; an escape) replaced; in notes, line breaks and tabs are kept.</summary>
    internal static string Printable(string text, bool keepLineBreaks) =>
        string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = char.IsControl(c) && !(keepLineBreaks && c is '\n' or '\r' or '\t') ? '\uFFFD' : c;
            }
        });
}

/// <summary>What an update did, in words for the person who asked.</summary>
public sealed record DeskUpdateResult(bool Succeeded, string Message);
