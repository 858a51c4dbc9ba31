namespace Decisioner.Web.Desk;

/// <summary>
/// What a desk session page says after a change is made. The page redirects after a successful post (so a
/// reload cannot make the change twice) with one of these short flags in the address, <c>?done=note</c>,
/// and shows the fixed sentence it stands for: never a name, an email or anything typed.
/// </summary>
public static class DeskNotices
{
    public const string NoteAdded = "note";
    public const string Unchanged = "unchanged";
    public const string FollowUpSaved = "follow-up";
    public const string Sent = "sent";
    public const string Retried = "retried";
    public const string ErasedAnswersKept = "erased";
    public const string ErasedWhole = "deleted";

    private const string StatusPrefix = "status-";

    /// <summary>The flag for "the status is now …"; the status is one of the four names, nothing typed.</summary>
    public static string StatusChanged(DeskStatus to) => StatusPrefix + to.Name();

    /// <summary>The sentence a flag stands for; null for no flag or one the desk does not write.</summary>
    public static string? Text(string? done) => done switch
    {
        NoteAdded => "The note is added.",
        Unchanged => "Nothing changed: the status and follow-up date were already these.",
        FollowUpSaved => "The follow-up date is saved.",
        Sent => "The result is queued and goes out in a moment; its state is below.",
        Retried => "The message is queued again.",
        ErasedAnswersKept => "The prospect is erased; the anonymous answers and outcome are kept.",
        ErasedWhole => "The prospect is erased and the session deleted.",
        not null when done.StartsWith(StatusPrefix, StringComparison.Ordinal) && DeskStatuses.Parse(done[StatusPrefix.Length..]) is { } to
            => $"The status is now {to.Name()}.",
        _ => null,
    };
}
