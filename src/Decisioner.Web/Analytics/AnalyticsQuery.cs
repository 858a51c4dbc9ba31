using System.Globalization;
using Decisioner.Core.Content;
using Decisioner.Core.Questionnaires;

namespace Decisioner.Web.Analytics;

/// <summary>
/// Reads the staff page's filters from its address, shared by the page and its CSV. A bad or missing
/// value falls back to a default (the last 30 days, learners, all versions) and says so in a notice.
/// </summary>
public sealed record AnalyticsQuery(Questionnaire? Quiz, FigureQuery Figures, string? Notice)
{
    public const int MaxDays = 3660;

    public static AnalyticsQuery Read(ContentSnapshot snapshot, string? quizId, string? from, string? to, string? sessions, string? version, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(time);
        var notices = new List<string>();
        var first = snapshot.Questionnaires.Count > 0 ? snapshot.Questionnaires[0] : null;
        var quiz = string.IsNullOrEmpty(quizId) ? first : snapshot.FindQuestionnaire(quizId);
        if (quiz is null && !string.IsNullOrEmpty(quizId))
        {
            notices.Add("There is no quiz with that id; showing the first quiz.");
            quiz = first;
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var end = Date(to, "to", notices) ?? today;
        var start = Date(from, "from", notices) ?? end.AddDays(-29);
        if (start > end)
        {
            notices.Add("The period started after it ended; the two dates were swapped.");
            (start, end) = (end, start);
        }

        if (end.DayNumber - start.DayNumber > MaxDays)
        {
            notices.Add("Periods are at most ten years; the start was moved.");
            start = end.AddDays(-MaxDays);
        }

        var presenter = sessions == "presenter";
        var wanted = version?.Trim();
        var figures = new FigureQuery(quiz?.Id ?? "", start, end, presenter, string.IsNullOrEmpty(wanted) ? null : wanted[..Math.Min(16, wanted.Length)]);
        return new AnalyticsQuery(quiz, figures, notices.Count == 0 ? null : string.Join(" ", notices));
    }

    public static string CsvUrl(FigureQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var url = $"/staff/analytics.csv?quiz={Uri.EscapeDataString(query.Quiz)}&from={query.From:yyyy-MM-dd}&to={query.To:yyyy-MM-dd}&sessions={(query.Presenter ? "presenter" : "learners")}";
        return query.Version is null ? url : url + "&version=" + Uri.EscapeDataString(query.Version);
    }

    private static DateOnly? Date(string? text, string name, List<string> notices)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        notices.Add($"'{Text.Shorten(text, 20)}' is not a date (year-month-day) for '{name}'; the default was used.");
        return null;
    }
}
