using System.Globalization;
using System.Text.Json;
using Decisioner.Core.Content;
using Decisioner.Core.Questionnaires;
using Decisioner.Core.Scoring;
using Decisioner.Web.Api;
using Decisioner.Web.Content;
using Decisioner.Web.Data;
using Decisioner.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Decisioner.Web.Desk;

/// <summary>What staff typed on the save form; every field optional.</summary>
public sealed record DeskSaveInput(string? QuizId, string? Answers, string? Name, string? Email, string? FollowUpOn, bool ConsentSend, bool ConsentContact, string? Key);

/// <summary>
/// Desk sessions kept, read and listed: save (the result computed again from the answers, never taken from
/// the form, once per form), read one, list by the filters. Saving and opening one that holds personal data
/// are audited by session id, never with the prospect's name or email. The work on a session is
/// <see cref="DeskFollowUps"/>; erasing it, <see cref="DeskErasure"/>; the CSV, <see cref="DeskExport"/>.
/// </summary>
public sealed class DeskService(SiteDbContext db, ContentStore content, AuditTrail audit, TimeProvider time)
{
    /// <summary>The most rows the list shows; the page says when there are more.</summary>
    public const int ListLimit = 200;

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
        var name = DeskText.Clean(input.Name);
        if (name is { Length: > DeskLimits.Name })
        {
            return (null, $"The name is longer than {DeskLimits.Name} characters.");
        }

        var email = DeskText.Clean(input.Email);
        if (email is not null && DeskText.CheckEmail(email) is { } emailProblem)
        {
            return (null, emailProblem);
        }

        if (!DeskText.TryReadDay(input.FollowUpOn, out var followUp))
        {
            return (null, DeskText.NotADay);
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

    /// <summary>Records that someone opened a session holding personal data (by id only).</summary>
    public void RecordViewed(DeskSession session, string? actor)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.HasPersonalData)
        {
            audit.Record(AuditEvents.DeskViewed, actor, Target(session.Id));
        }
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
}
