using Decisioner.Core.Content;
using YamlDotNet.RepresentationModel;

namespace Decisioner.Core.Questionnaires;

/// <summary>
/// The rules a questionnaire file must keep, checked as it loads, each problem at its line: the
/// contract's ids and definitions (<see cref="QuizContract"/>), <see cref="QuizPrinciples.Monotone"/> at the
/// level of weights, and scores that stay within 0-100. The whole-space check (<c>SpaceCheck</c>) proves the rest.
/// </summary>
internal static class QuizRules
{
    public static void CheckContract(YamlFields root, List<LoadedQuestion> questions, List<LoadedRule> readiness,
        Dictionary<Timing, TimingInfo> timings, Dictionary<Timing, TimingInfo> retrievalTimings, Dictionary<PlanStep, PlanStepInfo> plan)
    {
        var questionList = root.Node("questions") ?? root.Map;
        foreach (var (questionId, optionIds) in QuizContract.Questions)
        {
            var question = questions.Find(q => q.Question.Id == questionId);
            if (question is null)
            {
                root.Error(questionList, $"contract question '{questionId}' is missing: shared result links use it");
                continue;
            }

            foreach (var optionId in optionIds.Where(o => question.Question.FindOption(o) is null))
            {
                root.Error(question.Node, $"contract option '{questionId}={optionId}' is missing: shared result links use it");
            }
        }

        // The principles fix what "ready" means; the file says it in words, and must say the same thing.
        var readinessList = root.Node("readiness") ?? root.Map;
        foreach (var (questionId, ready, step, scope) in QuizContract.Readiness)
        {
            var principle = scope == ReadinessScope.Training ? QuizPrinciples.Readiness : QuizPrinciples.RetrievalReadiness;
            if (readiness.Find(r => r.Rule.QuestionId == questionId) is not { } rule)
            {
                root.Error(readinessList, $"readiness needs a line for '{questionId}' ({principle} of the quiz contract)");
                continue;
            }

            if (!rule.Rule.Ready.Order(StringComparer.Ordinal).SequenceEqual(ready.Order(StringComparer.Ordinal)))
            {
                root.Error(rule.Node, $"readiness of '{questionId}' must count exactly [{string.Join(", ", ready)}] as ready ({principle} of the quiz contract)");
            }

            if (rule.StepKnown && rule.Rule.Step != step)
            {
                root.Error(rule.Node, $"readiness of '{questionId}' must call for the plan step '{step.Id()}' ({QuizPrinciples.PlanOrder} of the quiz contract)");
            }

            if (step == PlanStep.Prompting && rule.Rule.IfWaived.Length == 0)
            {
                root.Error(rule.Node, $"readiness of '{questionId}' needs 'if-waived': what the result says when the cost-limit exception lifts the line ({principle})");
            }

            if (rule.Rule.Scope != scope)
            {
                root.Error(rule.Node, $"readiness of '{questionId}' must be 'for: {scope.ToString().ToLowerInvariant()}' ({principle} of the quiz contract)");
            }
        }

        var timingsNode = root.Node("timings") ?? root.Map;
        foreach (var missing in Timings.All.Where(t => !timings.ContainsKey(t)))
        {
            root.Error(timingsNode, $"timings: training needs '{missing.Id()}' with its label, status and text");
        }

        // RAG is never "confirm first": only an answered documents line holds it back.
        foreach (var missing in new[] { Timing.Now, Timing.NotYet }.Where(t => !retrievalTimings.ContainsKey(t)))
        {
            root.Error(timingsNode, $"timings: retrieval needs '{missing.Id()}' with its label, status and text");
        }

        foreach (var missing in PlanSteps.All.Where(s => !plan.ContainsKey(s)))
        {
            root.Error(root.Node("plan") ?? root.Map, $"plan step '{missing.Id()}' needs its headline, text and why");
        }

        // While training waits on prompting the result must say "may need", so those words must exist.
        if (root.Node("outcomes") is YamlMappingNode outcomes)
        {
            foreach (var outcome in new[] { Outcome.FineTuning, Outcome.Both })
            {
                if (outcomes.Children.TryGetValue(new YamlScalarNode(outcome.Id()), out var node)
                    && node is YamlMappingNode body && !body.Children.ContainsKey(new YamlScalarNode("if-prompting-falls-short")))
                {
                    root.Error(body, $"outcome '{outcome.Id()}' needs 'if-prompting-falls-short' (title, sentence, headline-end): while training waits on prompting the result says the project may need it, not that it does");
                }
            }
        }

        CheckMonotone(root, questions, QuizContract.FineTuningSide, Outcome.FineTuning, "fine-tuning");
        CheckMonotone(root, questions, QuizContract.RagSide, Outcome.Rag, "RAG");
    }

    /// <summary><see cref="QuizPrinciples.Monotone"/> at the level of weights: a stronger answer never lowers its side's outcomes.</summary>
    private static void CheckMonotone(YamlFields root, List<LoadedQuestion> questions, IReadOnlyDictionary<string, string[]> orders, Outcome side, string sideName)
    {
        foreach (var (questionId, order) in orders)
        {
            if (questions.Find(q => q.Question.Id == questionId) is not { } question)
            {
                continue;
            }

            for (var i = 1; i < order.Length; i++)
            {
                var weaker = question.Question.FindOption(order[i - 1]);
                var stronger = question.Question.FindOption(order[i]);
                if (weaker is null || stronger is null)
                {
                    continue;
                }

                foreach (var outcome in new[] { side, Outcome.Both }.Where(o => stronger.Weights[o] < weaker.Weights[o]))
                {
                    var node = question.OptionNodes[stronger.Id];
                    root.Error(root.For(node).Node("weights") ?? node,
                        $"'{questionId}={stronger.Id}' gives {outcome.Id()} {stronger.Weights[outcome]}, less than '{weaker.Id}' gives ({weaker.Weights[outcome]}): " +
                        $"a stronger answer must never lower the {sideName} side ({QuizPrinciples.Monotone})");
                }
            }
        }
    }

    /// <summary>Scores are 0-100 with no clamping (so the reasons add up exactly): check every reachable total.</summary>
    public static void CheckScoreRange(YamlFields root, OutcomeScores start, List<LoadedQuestion> questions)
    {
        foreach (var outcome in Outcomes.All)
        {
            int low = start[outcome], high = start[outcome];
            foreach (var question in questions.Where(q => q.Question.Options.Count > 0))
            {
                // Unanswered counts as zero, so it bounds the range too.
                low += Math.Min(0, question.Question.Options.Min(o => o.Weights[outcome]));
                high += Math.Max(0, question.Question.Options.Max(o => o.Weights[outcome]));
            }

            if (low < 0 || high > 100)
            {
                root.Error(root.Node("start") ?? root.Map,
                    $"the {outcome.Id()} score can reach {(low < 0 ? low : high)}; scores must stay between 0 and 100: change its start value or make the weights smaller");
            }
        }
    }
}
