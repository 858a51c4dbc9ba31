using Decisioner.Core.Questionnaires;
using Decisioner.Core.Scoring;

namespace Decisioner.Core.Analytics;

/// <summary>A page of the quiz a visitor is on: a question (or the start page, <c>At</c> null), or the result.</summary>
public readonly record struct QuizStop(QuizAddress Address, bool IsResult)
{
    public static QuizStop Question(QuizAddress address) => new(address, false);

    public static QuizStop Result(QuizAddress address) => new(address, true);

    public bool IsQuestion => !IsResult && Address.At is not null;
}

/// <summary>Receives the counter changes of one step; the caller adds the day, the quiz and its version.</summary>
public interface IQuizCounts
{
    void Add(string metric, string key, long delta, bool presenter);
}

/// <summary>
/// What one step through the quiz adds to the counters. A step is a move from one page of the quiz to
/// another, known without any identifier: the address says where the visitor is and what they answered,
/// and the page they came from (the referring address, or the live page's previous address) says where
/// they were. Nothing about the visitor is kept; only the counters move.
/// </summary>
public static class QuizFunnel
{
    public const string Start = "start";
    public const string Shown = "shown";
    public const string Answered = "answered";
    public const string Skipped = "skipped";
    public const string Completed = "completed";
    public const string OutcomeMetric = "outcome";
    public const string TimingMetric = "timing";
    public const string WhatIf = "what-if";
    public const string WhatIfTried = "what-if-tried";
    public const string LinkOpened = "link-opened";

    /// <summary>
    /// Sessions whose drop-off point is this question, as Formbricks defines it: the first unanswered
    /// question after the last answered one. Each step takes one from the point the visitor leaves and
    /// adds one to the point they reach (none for a result), so the counter holds the sessions that
    /// stopped there.
    /// </summary>
    public const string DropOff = "drop-off";

    public static void Step(QuizStop? from, QuizStop to, IQuizCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (from is { } previous && previous.Address.Questionnaire != to.Address.Questionnaire)
        {
            from = null;
        }

        var presenter = to.Address.Presenter;
        if (to.IsResult)
        {
            ToResult(from, to, counts, presenter);
            return;
        }

        if (to.Address.At is not { } question)
        {
            // The start page is a doorway: nothing is counted until a question is on screen.
            return;
        }

        if (from is { IsQuestion: true } before && !before.IsResult && before.Address.At == question)
        {
            // The same question again (a reload, presenter mode switched): no step.
            return;
        }

        counts.Add(Shown, question.Id, 1, presenter);
        if (to.Address.Answers.AnsweredCount == 0 && from is not { IsQuestion: true })
        {
            counts.Add(Start, "", 1, presenter);
        }

        if (from is { IsQuestion: true } left)
        {
            if (left.Address.At!.Index < question.Index)
            {
                MovedPast(left.Address.At, to.Address.Answers, counts, presenter);
            }

            counts.Add(DropOff, DropPoint(left.Address).Id, -1, left.Address.Presenter);
        }

        counts.Add(DropOff, DropPoint(to.Address).Id, 1, presenter);
    }

    /// <summary>A use of the what-if panel's live answer (it asks the API; only with script).</summary>
    public static void TriedWhatIf(QuizAddress on, IQuizCounts counts)
    {
        ArgumentNullException.ThrowIfNull(on);
        ArgumentNullException.ThrowIfNull(counts);
        counts.Add(WhatIfTried, "", 1, on.Presenter);
    }

    /// <summary>
    /// A result opened from anywhere but a question of the quiz: from another result (what-if) or from
    /// elsewhere (a shared link). Its answers do not matter, so callers need not read them.
    /// </summary>
    public static void ResultOpened(bool fromResult, bool presenter, IQuizCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        // From a result page to another: the what-if panel's form or link, or a "what would change" link;
        // otherwise a shared or saved result link, opened from elsewhere.
        counts.Add(fromResult ? WhatIf : LinkOpened, "", 1, presenter);
    }

    private static void ToResult(QuizStop? from, QuizStop to, IQuizCounts counts, bool presenter)
    {
        if (from is not { IsQuestion: true } last)
        {
            ResultOpened(from is { IsResult: true }, presenter, counts);
            return;
        }

        // "See my recommendation": the end of a session.
        MovedPast(last.Address.At!, to.Address.Answers, counts, presenter);
        counts.Add(DropOff, DropPoint(last.Address).Id, -1, last.Address.Presenter);
        counts.Add(Completed, "", 1, presenter);
        var verdict = ScoringEngine.Judge(to.Address.Answers);
        counts.Add(OutcomeMetric, verdict.Outcome.Id(), 1, presenter);
        counts.Add(TimingMetric, verdict.Timing.Id(), 1, presenter);
    }

    private static void MovedPast(Question question, AnswerSet answers, IQuizCounts counts, bool presenter)
    {
        if (answers.Get(question) is { } option)
        {
            counts.Add(Answered, question.Id + "=" + option.Id, 1, presenter);
        }
        else
        {
            counts.Add(Skipped, question.Id, 1, presenter);
        }
    }

    /// <summary>
    /// The first unanswered question after the last answered one, counting only the answers given
    /// before the question on screen (a choice on the screen itself is not given until the visitor goes
    /// on, and answers ahead of it are from an earlier pass).
    /// </summary>
    public static Question DropPoint(QuizAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var at = address.At ?? address.Questionnaire.Questions[0];
        var choices = address.Answers.Choices;
        var lastAnswered = -1;
        for (var i = 0; i < at.Index; i++)
        {
            if (choices[i] >= 0)
            {
                lastAnswered = i;
            }
        }

        return address.Questionnaire.Questions[lastAnswered + 1];
    }
}
