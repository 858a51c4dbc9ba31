using Decisioner.Core.Questionnaires;

namespace Decisioner.Core.Scoring;

/// <summary>
/// Scores answer sets against a questionnaire. Pure and deterministic: the result depends only on
/// the questionnaire and the answers. Every outcome starts at its start value, each answer adds its
/// weights, gates rule outcomes out, and the highest remaining score wins; any tie at the top goes
/// to RAG (principle 5).
/// </summary>
public static class ScoringEngine
{
    /// <summary>
    /// The bare outcome of an answer set given as option indexes (-1 unanswered), without explanation.
    /// No allocation: this is what the whole-space checks call millions of times.
    /// </summary>
    public static Outcome Decide(Questionnaire questionnaire, ReadOnlySpan<sbyte> choices)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        var scores = questionnaire.Totals(choices, out var forbidden);
        return Pick(scores, forbidden);
    }

    public static Outcome Decide(AnswerSet answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        return Decide(answers.Questionnaire, answers.Choices);
    }

    /// <summary>The full recommendation: scores, reasons, gates, readiness, flips, next steps and course.</summary>
    public static Recommendation Recommend(AnswerSet answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var questionnaire = answers.Questionnaire;
        var scores = questionnaire.Totals(answers.Choices, out var forbidden);
        var outcome = Pick(scores, forbidden);
        var scoresOutcome = Pick(scores, 0);

        var reasons = new List<Reason>
        {
            new(ReasonKind.Start, "Where every recommendation starts: RAG slightly ahead, because most teams should start there.", questionnaire.Start),
        };

        var unanswered = new List<Question>();
        foreach (var question in questionnaire.Questions)
        {
            if (answers.Get(question) is not { } option)
            {
                unanswered.Add(question);
            }
            else if (!option.Weights.IsZero)
            {
                reasons.Add(new Reason(ReasonKind.Answer, option.Why, option.Weights, question, option));
            }
        }

        var flags = new List<string>();
        var nextSteps = new List<string>();
        foreach (var gate in questionnaire.Gates)
        {
            if (!gate.When.Matches(questionnaire, answers))
            {
                continue;
            }

            var changed = gate.Forbid.Contains(scoresOutcome) && outcome != scoresOutcome;
            reasons.Add(new Reason(ReasonKind.Gate, gate.Reason, default, Gate: gate,
                TriggeredBy: [.. gate.When.MatchedBy(questionnaire, answers)], ChangedOutcome: changed));

            if (gate.NextStep is not null && gate.Forbid.Any(f => f != outcome))
            {
                nextSteps.Add(gate.NextStep);
            }

            if (gate.FlagWhen?.Matches(questionnaire, answers) == true && gate.FlagText is not null)
            {
                flags.Add(gate.FlagText);
            }
        }

        nextSteps.AddRange(questionnaire.OutcomeTexts.TryGetValue(outcome, out var info) ? info.NextSteps : []);

        // The lead over the best outcome still on the table; when the rules leave nothing else, they decided.
        var allowedOthers = Outcomes.All.Where(o => o != outcome && (forbidden & (1 << (int)o)) == 0).ToList();
        var runnerUp = (allowedOthers.Count > 0 ? allowedOthers : Outcomes.All.Where(o => o != outcome)).Max(o => scores[o]);
        var margin = scores[outcome] - runnerUp;
        var clarity = outcome != scoresOutcome || allowedOthers.Count == 0 ? Clarity.Rule
            : margin >= questionnaire.Thresholds.Clear ? Clarity.Clear
            : margin >= questionnaire.Thresholds.Leaning ? Clarity.Leaning
            : Clarity.Close;

        return new Recommendation
        {
            Answers = answers,
            Outcome = outcome,
            ScoresOutcome = scoresOutcome,
            Scores = scores,
            Margin = margin,
            Clarity = clarity,
            Reasons = reasons,
            Readiness = CheckReadiness(questionnaire, answers),
            Flips = FindFlips(answers, outcome),
            NextSteps = nextSteps,
            Course = FitCourse(questionnaire, answers, outcome),
            Unanswered = unanswered,
            Flags = flags,
        };
    }

    /// <summary>The best outcome that no gate rules out; a tie at the top goes to RAG.</summary>
    internal static Outcome Pick(OutcomeScores scores, byte forbidden)
    {
        var best = Outcome.Rag;
        var bestScore = scores.Rag; // RAG is never forbidden: the loader refuses such a gate
        var tie = false;
        for (var o = 1; o <= 2; o++)
        {
            if ((forbidden & (1 << o)) != 0)
            {
                continue;
            }

            var score = o == 1 ? scores.FineTuning : scores.Both;
            if (score > bestScore)
            {
                best = (Outcome)o;
                bestScore = score;
                tie = false;
            }
            else if (score == bestScore)
            {
                tie = true;
            }
        }

        return tie ? Outcome.Rag : best;
    }

    private static List<Flip> FindFlips(AnswerSet answers, Outcome outcome)
    {
        var questionnaire = answers.Questionnaire;
        var flips = new List<Flip>();
        Span<sbyte> choices = stackalloc sbyte[answers.Choices.Length];
        answers.Choices.CopyTo(choices);

        foreach (var question in questionnaire.Questions)
        {
            var original = choices[question.Index];
            for (sbyte candidate = 0; candidate < question.Options.Count; candidate++)
            {
                if (candidate == original)
                {
                    continue;
                }

                choices[question.Index] = candidate;
                var changed = Decide(questionnaire, choices);
                if (changed != outcome)
                {
                    flips.Add(new Flip(question, question.Options[candidate], changed));
                }
            }

            choices[question.Index] = original;
        }

        return flips;
    }

    private static Readiness CheckReadiness(Questionnaire questionnaire, AnswerSet answers)
    {
        var checks = new List<ReadinessCheck>();
        foreach (var rule in questionnaire.Readiness)
        {
            var question = questionnaire.FindQuestion(rule.QuestionId)!;
            var status = answers.Get(question) switch
            {
                null => ReadinessStatus.Unknown,
                var option when rule.Ready.Contains(option.Id) => ReadinessStatus.Ready,
                _ => ReadinessStatus.Missing,
            };
            checks.Add(new ReadinessCheck(question, status, rule.Missing));
        }

        return new Readiness(checks);
    }

    private static CourseFit? FitCourse(Questionnaire questionnaire, AnswerSet answers, Outcome outcome)
    {
        foreach (var question in questionnaire.Questions)
        {
            if (answers.Get(question)?.Course is { } course)
            {
                return new CourseFit(course, FromGoal: true);
            }
        }

        return questionnaire.OutcomeTexts.TryGetValue(outcome, out var info) && info.Course is not null
            ? new CourseFit(info.Course, FromGoal: false)
            : null;
    }
}
