using System.Globalization;
using Decisioner.Core.Questionnaires;

namespace Decisioner.Web.Desk;

/// <summary>
/// The desk list's filters: status, outcome, the member of staff who saved, a period of UTC days saved,
/// and a name to search for. Posted, never in the address, since a name is personal data. A value that
/// cannot be read is left out and named in <see cref="Notice"/>, never an error.
/// </summary>
public sealed record DeskQuery(DeskStatus? Status, string? Outcome, string? Staff, DateOnly? From, DateOnly? To, string? Name, string? Notice)
{
    public static readonly DeskQuery All = new(null, null, null, null, null, null, null);

    public static DeskQuery Read(string? status, string? outcome, string? staff, string? from, string? to, string? name)
    {
        var problems = new List<string>();
        DeskStatus? statusValue = null;
        if (!string.IsNullOrEmpty(status))
        {
            statusValue = DeskStatuses.Parse(status);
            if (statusValue is null)
            {
                problems.Add("that status is not one the desk has");
            }
        }

        if (!string.IsNullOrEmpty(outcome) && !Outcomes.All.Any(o => o.Id() == outcome))
        {
            problems.Add("that outcome is not one the quiz gives");
            outcome = null;
        }

        var fromDay = Day(from, "from", problems);
        var toDay = Day(to, "to", problems);
        if (fromDay is { } f && toDay is { } t && f > t)
        {
            problems.Add("the period ended before it began, so the dates were swapped");
            (fromDay, toDay) = (toDay, fromDay);
        }

        name = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        if (name is { Length: > DeskLimits.Name })
        {
            problems.Add("the name searched for was longer than any name kept");
            name = null;
        }

        staff = string.IsNullOrWhiteSpace(staff) || staff.Length > 450 ? null : staff;
        var notice = problems.Count == 0 ? null : "Some filters were set aside: " + string.Join("; ", problems) + ".";
        return new DeskQuery(statusValue, string.IsNullOrEmpty(outcome) ? null : outcome, staff, fromDay, toDay, name, notice);
    }

    private static DateOnly? Day(string? text, string field, List<string> problems)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        problems.Add($"'{field}' is not a date written as YYYY-MM-DD");
        return null;
    }

    /// <summary>The matching sessions, the next follow-up first (those without one last), then the newest.</summary>
    public IQueryable<DeskSession> Apply(IQueryable<DeskSession> sessions)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        if (Status is { } status)
        {
            sessions = sessions.Where(s => s.Status == status);
        }

        if (Outcome is { } outcome)
        {
            sessions = sessions.Where(s => s.Outcome == outcome);
        }

        if (Staff is { } staff)
        {
            sessions = sessions.Where(s => s.SavedById == staff);
        }

        if (From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            sessions = sessions.Where(s => s.SavedAt >= start);
        }

        if (To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            sessions = sessions.Where(s => s.SavedAt < end);
        }

        if (Name is { } name)
        {
            var upper = name.ToUpperInvariant();
#pragma warning disable CA1862 // This runs in the database as upper(); string.Contains with a comparison cannot be translated.
            sessions = sessions.Where(s => s.ProspectName != null && s.ProspectName.ToUpper().Contains(upper));
#pragma warning restore CA1862
        }

        return sessions.OrderBy(s => s.FollowUpOn == null).ThenBy(s => s.FollowUpOn).ThenByDescending(s => s.SavedAt);
    }
}
