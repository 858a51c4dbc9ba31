using System.Globalization;
using Decisioner.Core.Questionnaires;

namespace Decisioner.Core.Scoring;

/// <summary>The words a result is read out in: headline, outcome line, timing line and text.</summary>
internal sealed record ResultText(string Headline, bool WaitsOnPrompting, string OutcomeTitle, string Sentence, string TimingLine, string TimingText);

/// <summary>
/// The words around a verdict, kept to what the timing and the plan say: a result never says the project
/// needs training while training waits on prompting, never says "ready" unless the timing is now, and says
/// which rule decided the outcome rather than a margin that reads like a coin toss.
/// </summary>
internal static class ResultWords
{
    /// <summary>
    /// The headline is "Outcome[, timing]: first step[, then second step]". While training waits on prompting
    /// it runs to the prompting step and ends with the outcome's condition ("fine-tune only if it falls
    /// short"); otherwise the second step is left out when it is training and the timing is not now.
    /// </summary>
    public static ResultText For(Questionnaire questionnaire, Verdict verdict, IReadOnlyList<PlanItem> plan)
    {
        var outcome = verdict.Outcome;
        var info = questionnaire.OutcomeTexts.TryGetValue(outcome, out var known) ? known : new OutcomeInfo(outcome.Id(), "", null);
        var timing = questionnaire.TimingInfo(outcome, verdict.Timing);
        var prompting = IndexOf(plan, PlanStep.Prompting);
        var tentative = outcome.UsesFineTuning() && prompting >= 0 ? info.Tentative : null;
        var head = timing.Label.Length == 0 ? info.Title : info.Title + ", " + timing.Label;
        var status = timing.Status.Length > 0 ? timing.Status : verdict.Timing.Id();
        var timingLine = questionnaire.TimingName(outcome) + ": " + status;
        var timingText = tentative is not null && timing.PromptingFirstText.Length > 0 ? timing.PromptingFirstText : timing.Text;

        string headline;
        if (plan.Count == 0)
        {
            headline = head;
        }
        else if (tentative is not null)
        {
            headline = head + ": " + Join([.. plan.Take(prompting + 1).Select(p => p.Info.Headline)]) + "; " + tentative.HeadlineEnd;
        }
        else
        {
            headline = head + ": " + plan[0].Info.Headline;
            if (plan.Count > 1 && !(plan[1].Step == PlanStep.FineTune && verdict.Timing != Timing.Now))
            {
                headline += ", then " + plan[1].Info.Headline;
            }
        }

        return new ResultText(headline, tentative is not null, tentative?.Title ?? info.Title, tentative?.Sentence ?? info.Sentence, timingLine, timingText);
    }

    /// <summary>
    /// The principle that decided the outcome from the gap and the knowledge answers, in the contract's
    /// terms; null when the gap is unanswered (the scores decided) or the rule would have given another outcome.
    /// </summary>
    public static QuizPrinciple? DecidedBy(AnswerSet answers, Outcome outcome)
    {
        var questionnaire = answers.Questionnaire;
        string? Answer(string questionId) => questionnaire.FindQuestion(questionId) is { } q ? answers.Get(q)?.Id : null;
        var gap = Answer(QuizContract.Gap);
        if (gap is null)
        {
            return null;
        }

        var (principle, expected) = gap switch
        {
            QuizContract.UnsureGap => (QuizPrinciples.UnsureGivesRag, Outcome.Rag),
            QuizContract.BothGap => (QuizPrinciples.BothNeedsGiveBoth, Outcome.Both),
            _ when QuizContract.KnowledgeGaps.Contains(gap) => (QuizPrinciples.KnowledgeGapGivesRag, Outcome.Rag),
            _ when !QuizContract.BehaviourGaps.Contains(gap) => (null, outcome),
            _ when Answer(QuizContract.FactsInInput) == QuizContract.AllFactsInInput => (QuizPrinciples.FactsInInput, Outcome.FineTuning),
            _ when Answer("change-rate") is "daily" or "monthly" => (QuizPrinciples.ChangingKnowledge, Outcome.Both),
            _ when Answer("long-tail") == "mostly" || Answer("sources") == "required" => (QuizPrinciples.BothNeedsGiveBoth, Outcome.Both),
            _ => (QuizPrinciples.BehaviourGapGivesFineTuning, Outcome.FineTuning),
        };
        return expected == outcome ? principle : null;
    }

    /// <summary>How sure the call is, in words a prospect can follow.</summary>
    public static string Confidence(Questionnaire questionnaire, Outcome outcome, Outcome scoresOutcome, OutcomeScores scores, Outcome runnerUp,
        Clarity clarity, QuizPrinciple? decidedBy, IReadOnlyList<Flip> flips)
    {
        var title = questionnaire.OutcomeTitle(outcome);
        var changers = flips.Where(f => f.Outcome != outcome).Select(f => f.Question.Label.ToLowerInvariant()).Distinct().ToList();
        var wouldChange = changers.Count == 0
            ? "No single answer would change the outcome."
            : $"Only a different answer about {Join(changers, "or")} would change the outcome (see \u201cWhat would change this\u201d).";
        if (decidedBy is not null)
        {
            return $"Decided by a rule, not by a margin: {decidedBy.Statement} {wouldChange}";
        }

        if (clarity == Clarity.Rule)
        {
            return outcome != scoresOutcome
                ? $"Decided by a rule: the scores alone favoured {questionnaire.OutcomeTitle(scoresOutcome)}, but a rule below takes it off the table. {wouldChange}"
                : $"Settled by the rules below: the other options are off the table. {wouldChange}";
        }

        var points = scores[outcome] - scores[runnerUp];
        var lead = string.Create(CultureInfo.InvariantCulture,
            $"Decided by the scores: {title} has {scores[outcome]} of 100 points, {points} more than {questionnaire.OutcomeTitle(runnerUp)}.");
        return clarity switch
        {
            Clarity.Clear => $"{lead} That is a clear lead.",
            Clarity.Leaning => $"{lead} That is a small lead, so check what would change it below.",
            _ => $"{lead} That is too close to rely on: a single answer may change it, and answering the main gap matters most.",
        };
    }

    /// <summary>"a", "a, then b", "a, b, then c".</summary>
    private static string Join(IReadOnlyList<string> steps) => steps.Count switch
    {
        0 => "",
        1 => steps[0],
        _ => string.Join(", ", steps.Take(steps.Count - 1)) + ", then " + steps[^1],
    };

    /// <summary>"a", "a or b", "a, b or c".</summary>
    private static string Join(List<string> items, string last) =>
        items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + $" {last} " + items[^1];

    private static int IndexOf(IReadOnlyList<PlanItem> plan, PlanStep step)
    {
        for (var i = 0; i < plan.Count; i++)
        {
            if (plan[i].Step == step)
            {
                return i;
            }
        }

        return -1;
    }
}
