using Decisioner.Core.Content;
using YamlDotNet.RepresentationModel;

namespace Decisioner.Core.Questionnaires;

/// <summary>A readiness line as read; <c>StepKnown</c> is false when its step was misspelt (already reported).</summary>
internal sealed record LoadedRule(ReadinessRule Rule, YamlMappingNode Node, bool StepKnown);

/// <summary>
/// Reads the rule sections of a questionnaire file: <c>gates</c>, <c>set-aside</c> and <c>readiness</c>,
/// each naming questions and answers that must exist. Whether they keep the quiz contract is
/// <see cref="QuizRules"/>' job.
/// </summary>
internal static class RuleReader
{
    public static List<Gate> Gates(YamlFields root, List<LoadedQuestion> questions)
    {
        var gates = new List<Gate>();
        foreach (var fields in root.Items("gates", "each gate is a set of lines: id, when, forbid, reason"))
        {
            var id = fields.String("id", required: true) ?? "";
            var when = Condition(fields, "when", questions, $"gate '{id}'");
            var reason = fields.String("reason", required: true) ?? "";
            if (gates.Exists(g => g.Id == id))
            {
                fields.Error(fields.Node("id")!, $"duplicate gate id '{id}'");
            }

            var forbid = new List<Outcome>();
            foreach (var name in fields.StringList("forbid"))
            {
                if (!Outcomes.TryParse(name, out var outcome))
                {
                    fields.Error(fields.Node("forbid")!, $"gate '{id}' forbids unknown outcome '{name}': use fine-tuning or both");
                }
                else if (outcome == Outcome.Rag)
                {
                    fields.Error(fields.Node("forbid")!, $"gate '{id}' cannot forbid rag: RAG is where every ruled-out answer falls back to");
                }
                else
                {
                    forbid.Add(outcome);
                }
            }

            if (forbid.Count == 0)
            {
                fields.Error(fields.Map, $"gate '{id}' needs 'forbid' with fine-tuning and/or both");
            }

            Condition? flagWhen = null;
            string? flagText = null;
            if (fields.Mapping("flag") is { } flag)
            {
                var flagFields = fields.For(flag);
                flagWhen = Condition(flagFields, "when-all", questions, $"the flag of gate '{id}'");
                flagText = flagFields.String("text", required: true);
                flagFields.WarnUnread();
            }

            gates.Add(new Gate { Id = id, When = when, Forbid = forbid, Reason = reason, FlagWhen = flagWhen, FlagText = flagText });
        }

        return gates;
    }

    public static List<SetAside> SetAsides(YamlFields root, List<LoadedQuestion> questions)
    {
        var rules = new List<SetAside>();
        foreach (var fields in root.Items("set-aside", "each set-aside rule is a set of lines: id, when, ignore, reason"))
        {
            var id = fields.String("id", required: true) ?? "";
            var when = Condition(fields, "when", questions, $"set-aside '{id}'");
            var ignore = fields.StringList("ignore");
            var reason = fields.String("reason", required: true) ?? "";
            if (rules.Exists(r => r.Id == id))
            {
                fields.Error(fields.Node("id")!, $"duplicate set-aside id '{id}'");
            }

            if (when.AnyOf.Count == 0 && fields.Node("when") is { } whenNode)
            {
                fields.Error(whenNode, $"set-aside '{id}' needs 'when' with at least one question and its answers");
            }

            foreach (var unknown in ignore.Where(q => !questions.Exists(l => l.Question.Id == q)))
            {
                fields.Error(fields.Node("ignore")!, $"set-aside '{id}' names '{unknown}', which is not a question here");
            }

            if (ignore.Count == 0)
            {
                fields.Error(fields.Map, $"set-aside '{id}' needs 'ignore' with the questions it sets aside");
            }

            rules.Add(new SetAside { Id = id, When = when, Ignore = ignore, Reason = reason });
        }

        return rules;
    }

    public static List<LoadedRule> Readiness(YamlFields root, List<LoadedQuestion> questions)
    {
        var rules = new List<LoadedRule>();
        foreach (var fields in root.Items("readiness", "each readiness line is a set of lines: question, ready, missing, step, for, if-waived"))
        {
            var questionId = fields.String("question", required: true) ?? "";
            var ready = fields.StringList("ready");
            var missing = fields.String("missing", required: true) ?? "";
            var stepText = fields.String("step", required: true);
            var ifWaived = fields.String("if-waived") ?? "";
            var scope = fields.String("for") switch
            {
                null or "training" => ReadinessScope.Training,
                "retrieval" => ReadinessScope.Retrieval,
                var other => Unknown(other),
            };
            var question = questions.Find(q => q.Question.Id == questionId);
            if (question is null)
            {
                fields.Error(fields.Node("question") ?? fields.Map, $"readiness names '{questionId}', which is not a question here");
                continue;
            }

            if (rules.Exists(r => r.Rule.QuestionId == questionId))
            {
                fields.Error(fields.Node("question")!, $"readiness names '{questionId}' twice");
                continue;
            }

            foreach (var unknown in ready.Where(o => question.Question.FindOption(o) is null))
            {
                fields.Error(fields.Node("ready")!, $"readiness: '{unknown}' is not an answer to '{questionId}'");
            }

            var stepKnown = PlanSteps.TryParse(stepText, out var step);
            if (!stepKnown && stepText is not null)
            {
                fields.Error(fields.Node("step")!, $"readiness: unknown plan step '{stepText}' (steps: {PlanSteps.IdList})");
            }
            else if (stepKnown && rules.Find(r => r.StepKnown && r.Rule.Step == step) is { } other)
            {
                fields.Error(fields.Node("step")!, $"readiness: the plan step '{step.Id()}' is already called for by '{other.Rule.QuestionId}'");
            }

            rules.Add(new LoadedRule(new ReadinessRule(questionId, ready, missing, step, scope, ifWaived), fields.Map, stepKnown));

            ReadinessScope Unknown(string other)
            {
                fields.Error(fields.Node("for")!, $"readiness: 'for: {other}' must be training or retrieval");
                return ReadinessScope.Training;
            }
        }

        return rules;
    }

    private static Condition Condition(YamlFields owner, string key, List<LoadedQuestion> questions, string what)
    {
        var anyOf = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (owner.Mapping(key, required: true) is not { } map)
        {
            return new Condition(anyOf);
        }

        var fields = owner.For(map);
        foreach (var (node, _) in map.Children)
        {
            var questionId = (node as YamlScalarNode)?.Value ?? "";
            var question = questions.Find(q => q.Question.Id == questionId);
            if (question is null)
            {
                fields.Error(node, $"{what} names '{questionId}', which is not a question here");
                continue;
            }

            var options = fields.StringList(questionId);
            foreach (var unknown in options.Where(o => question.Question.FindOption(o) is null))
            {
                fields.Error(fields.Node(questionId)!, $"{what}: '{unknown}' is not an answer to '{questionId}'");
            }
            anyOf[questionId] = options;
        }

        return new Condition(anyOf);
    }
}
