using System.Globalization;
using Decisioner.Core.Analytics;
using Decisioner.Core.Questionnaires;
using Decisioner.Web.Csv;
using Decisioner.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Decisioner.Web.Analytics;

/// <summary>What the staff page asks for: a quiz, a period of days (inclusive), learners or presenter sessions, one version or all.</summary>
public sealed record FigureQuery(string Quiz, DateOnly From, DateOnly To, bool Presenter, string? Version);

/// <summary>One number as staff see it: below <see cref="QuizFigures.Threshold"/> it is "fewer than 5", never the number.</summary>
public readonly record struct Figure(long Value)
{
    public bool Suppressed => Value < QuizFigures.Threshold;

    public string Text => Suppressed ? "fewer than 5" : Value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A share of a whole; suppressed when either part rests on fewer than five sessions.</summary>
    public static string Share(Figure part, Figure whole) =>
        part.Suppressed || whole.Suppressed || whole.Value == 0
            ? "fewer than 5"
            : (100.0 * part.Value / whole.Value).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    public static double Ratio(Figure part, Figure whole) =>
        part.Suppressed || whole.Suppressed || whole.Value == 0 ? 0 : Math.Clamp((double)part.Value / whole.Value, 0, 1);
}

public sealed record QuestionFigures(Question Question, Figure Shown, Figure Answered, Figure Skipped, Figure DropOffs, IReadOnlyList<(QuestionOption Option, Figure Count)> Options);

/// <summary>The figures of one query, read from the counters.</summary>
public sealed record QuizReport(
    FigureQuery Query,
    Figure Starts,
    Figure Completions,
    IReadOnlyList<QuestionFigures> Questions,
    IReadOnlyList<(string Id, string Title, Figure Count)> Outcomes,
    IReadOnlyList<(string Id, string Title, Figure Count)> Timings,
    Figure WhatIfOpened,
    Figure WhatIfTried,
    Figure LinksOpened,
    IReadOnlyList<string> Versions)
{
    /// <summary>Nothing at all was counted for this query.</summary>
    public bool IsEmpty => Starts.Value == 0 && Completions.Value == 0 && WhatIfOpened.Value == 0 && WhatIfTried.Value == 0
        && LinksOpened.Value == 0 && Questions.All(q => q.Shown.Value == 0);
}

public sealed class QuizFigures(SiteDbContext db)
{
    /// <summary>Figures resting on fewer sessions than this are not shown, so no one visitor can be picked out.</summary>
    public const int Threshold = 5;

    public async Task<QuizReport> ReportAsync(Questionnaire quiz, FigureQuery query, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(quiz);
        ArgumentNullException.ThrowIfNull(query);
        var rows = db.QuizCounts.AsNoTracking()
            .Where(c => c.Quiz == query.Quiz && c.Day >= query.From && c.Day <= query.To && c.Presenter == query.Presenter);
        var versions = await rows.Select(c => c.Version).Distinct().OrderBy(v => v).ToListAsync(cancellation);
        if (query.Version is { Length: > 0 } version)
        {
            rows = rows.Where(c => c.Version == version);
        }

        var sums = (await rows.GroupBy(c => new { c.Metric, c.Key })
                .Select(g => new { g.Key.Metric, g.Key.Key, Count = g.Sum(c => c.Count) })
                .ToListAsync(cancellation))
            .ToDictionary(s => (s.Metric, s.Key), s => s.Count);

        Figure Get(string metric, string key = "") => new(Math.Max(0, sums.GetValueOrDefault((metric, key))));

        var questions = quiz.Questions.Select(q =>
        {
            var options = q.Options.Select(o => (o, Get(QuizFunnel.Answered, q.Id + "=" + o.Id))).ToList();
            return new QuestionFigures(q, Get(QuizFunnel.Shown, q.Id), new Figure(options.Sum(o => o.Item2.Value)),
                Get(QuizFunnel.Skipped, q.Id), Get(QuizFunnel.DropOff, q.Id), options);
        }).ToList();

        return new QuizReport(
            query,
            Get(QuizFunnel.Start),
            Get(QuizFunnel.Completed),
            questions,
            Outcomes.All.Select(o => (o.Id(), quiz.OutcomeTitle(o), Get(QuizFunnel.OutcomeMetric, o.Id()))).ToList(),
            Enum.GetValues<Timing>().Select(t => (t.Id(), TimingName(quiz, t), Get(QuizFunnel.TimingMetric, t.Id()))).ToList(),
            Get(QuizFunnel.WhatIf),
            Get(QuizFunnel.WhatIfTried),
            Get(QuizFunnel.LinkOpened),
            versions);
    }

    private static string TimingName(Questionnaire quiz, Timing timing)
    {
        var name = quiz.TimingInfo(timing).Label is { Length: > 0 } label ? label : timing.Id();
        return char.ToUpperInvariant(name[0]) + name[1..];
    }

    /// <summary>The report as CSV (<see cref="CsvWriter"/>), with the same "fewer than 5" as the page.</summary>
    public static string Csv(QuizReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var csv = new CsvWriter(text);
        void Row(string section, string key, string label, string value, string share = "") => csv.Row(section, key, label, value, share);

        var q = report.Query;
        Row("section", "key", "label", "value", "share");
        Row("period", "", $"{q.From:yyyy-MM-dd} to {q.To:yyyy-MM-dd}", q.Presenter ? "presenter sessions" : "learner sessions", q.Version ?? "all versions");
        Row("funnel", "start", "Started the quiz", report.Starts.Text);
        foreach (var question in report.Questions)
        {
            Row("funnel", question.Question.Id, $"Saw question {question.Question.Index + 1}", question.Shown.Text, Figure.Share(question.Shown, report.Starts));
        }

        Row("funnel", "completed", "Saw their result", report.Completions.Text, Figure.Share(report.Completions, report.Starts));
        foreach (var question in report.Questions)
        {
            Row("drop-off", question.Question.Id, question.Question.Label, question.DropOffs.Text, Figure.Share(question.DropOffs, question.Shown));
        }

        foreach (var question in report.Questions)
        {
            foreach (var (option, count) in question.Options)
            {
                Row("answers", question.Question.Id + "=" + option.Id, option.Text, count.Text, Figure.Share(count, question.Answered));
            }

            Row("answers", question.Question.Id + " skipped", "Skipped", question.Skipped.Text, Figure.Share(question.Skipped, question.Shown));
        }

        foreach (var (id, title, count) in report.Outcomes)
        {
            Row("outcome", id, title, count.Text, Figure.Share(count, report.Completions));
        }

        foreach (var (id, title, count) in report.Timings)
        {
            Row("timing", id, title, count.Text, Figure.Share(count, report.Completions));
        }

        Row("result pages", "what-if", "Opened from another result (what-if, what would change)", report.WhatIfOpened.Text);
        Row("result pages", "what-if-tried", "What-if answers tried in the panel (with script)", report.WhatIfTried.Text);
        Row("result pages", "link-opened", "Result links opened from elsewhere", report.LinksOpened.Text);
        return text.ToString();
    }
}
