using System.Globalization;
using Decisioner.Web.Csv;

namespace Decisioner.Web.Desk;

/// <summary>The desk's sessions as CSV, through the site's one writer (which defuses formulas); notes only when asked for.</summary>
public static class DeskExport
{
    /// <summary>The most sessions one export holds.</summary>
    public const int Limit = 10_000;

    public static string Csv(IEnumerable<DeskSession> sessions, DeskStaffNames staff, bool withNotes)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(staff);
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
                staff.Of(s.SavedById),
                s.QuizId, s.Outcome, s.Timing, s.FirstStep, s.Status.Name(),
                s.FollowUpOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                s.ProspectName, s.ProspectEmail, s.Answers,
            ];
            csv.Row(withNotes ? [.. row, string.Join("\n", s.Notes.Select(n => n.At.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + n.Text))] : row);
        }

        return text.ToString();
    }
}
