namespace Decisioner.Web.Desk;

/// <summary>Where a prospect stands with admissions. Stored as its lower-case name.</summary>
public enum DeskStatus
{
    New,
    Contacted,
    Enrolled,
    Closed,
}

/// <summary>The statuses by the names the pages, the filters, the export and the audit trail write.</summary>
public static class DeskStatuses
{
    /// <summary>The status as stored and shown: its lower-case name ("contacted").</summary>
    public static string Name(this DeskStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>A status by its name as the pages write it ("contacted"); null for anything else.</summary>
    public static DeskStatus? Parse(string? name) =>
        Enum.GetValues<DeskStatus>().Cast<DeskStatus?>().FirstOrDefault(s => s!.Value.Name() == name);
}

/// <summary>
/// A quiz session an admissions member of staff ran with a prospect and chose to keep: the answers (as the
/// result address's query, answers only), the result as it was shown, and, only if staff typed them, the
/// prospect's name, email and a next follow-up date. Personal data lives only in <see cref="ProspectName"/>,
/// <see cref="ProspectEmail"/>, the notes and the consent records; erasing removes exactly those.
/// </summary>
public sealed class DeskSession
{
    public Guid Id { get; set; }

    public string QuizId { get; set; } = "";

    /// <summary>The answers as the result address's query, without '?': <c>gap=knowledge&amp;data=none</c>.</summary>
    public string Answers { get; set; } = "";

    public string Outcome { get; set; } = "";

    public string Timing { get; set; } = "";

    public string? FirstStep { get; set; }

    public string Headline { get; set; } = "";

    /// <summary>The recommendation as the API writes it (<c>RecommendationDto</c>), when it was saved.</summary>
    public string ResultJson { get; set; } = "";

    /// <summary>The quiz file's content hash when saved; a different one today means the quiz has changed since.</summary>
    public string ContentVersion { get; set; } = "";

    /// <summary>The account that saved it; null once that account is removed ("a former member of staff").</summary>
    public string? SavedById { get; set; }

    public DateTime SavedAt { get; set; }

    public string? ProspectName { get; set; }

    public string? ProspectEmail { get; set; }

    public DateOnly? FollowUpOn { get; set; }

    public DeskStatus Status { get; set; } = DeskStatus.New;

    /// <summary>From the save form: a second post of the same form finds this session instead of making another.</summary>
    public Guid IdempotencyKey { get; set; }

    /// <summary>Changed on every update; an update made from an older copy is refused (optimistic concurrency).</summary>
    public Guid Version { get; set; }

    /// <summary>When the prospect was erased and only the anonymous answers and outcome kept; null otherwise.</summary>
    public DateTime? ErasedAt { get; set; }

    public List<DeskNote> Notes { get; set; } = [];

    public List<DeskStatusChange> StatusChanges { get; set; } = [];

    public List<DeskConsent> Consents { get; set; } = [];

    public bool HasPersonalData => ProspectName is not null || ProspectEmail is not null || Notes.Count > 0 || Consents.Count > 0;
}

/// <summary>A note staff wrote about the session. Free text, so personal data: erased with the prospect.</summary>
public sealed class DeskNote
{
    public long Id { get; set; }

    public Guid SessionId { get; set; }

    /// <summary>Null once the author's account is removed.</summary>
    public string? AuthorId { get; set; }

    public string Text { get; set; } = "";

    public DateTime At { get; set; }
}

/// <summary>One change of status: from, to, by whom, when.</summary>
public sealed class DeskStatusChange
{
    public long Id { get; set; }

    public Guid SessionId { get; set; }

    public DeskStatus From { get; set; }

    public DeskStatus To { get; set; }

    public string? ById { get; set; }

    public DateTime At { get; set; }
}

/// <summary>The prospect's answer to one consent question, with the exact words they were shown.</summary>
public sealed class DeskConsent
{
    public long Id { get; set; }

    public Guid SessionId { get; set; }

    /// <summary>One of <see cref="DeskConsentWording.Purposes"/>.</summary>
    public string Purpose { get; set; } = "";

    public bool Given { get; set; }

    public string Wording { get; set; } = "";

    public DateTime At { get; set; }

    public string? RecordedById { get; set; }
}

/// <summary>The consent questions: their purposes and the exact words shown, in one place (the form shows these, the record keeps these).</summary>
public static class DeskConsentWording
{
    public const string SendResult = "send-result";

    public const string ContactAboutCourses = "contact-about-courses";

    public static readonly IReadOnlyDictionary<string, string> Purposes = new Dictionary<string, string>
    {
        [SendResult] = "The prospect agrees that we email them this result.",
        [ContactAboutCourses] = "The prospect agrees that we contact them about our courses.",
    };
}
