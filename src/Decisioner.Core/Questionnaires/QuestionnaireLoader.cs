using Decisioner.Core.Content;
using YamlDotNet.RepresentationModel;

namespace Decisioner.Core.Questionnaires;

/// <summary>
/// Reads a questionnaire YAML file and checks everything an editor can get wrong: unknown outcomes,
/// duplicate ids, questions with fewer than two options, missing contract ids, weights that break
/// principle 7 and scores that could leave 0-100. Each problem carries its file, line and column.
/// </summary>
public static class QuestionnaireLoader
{
    public const string Folder = "questionnaires";

    public static Questionnaire? Load(string relativePath, string text, DiagnosticList diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var root = YamlFields.Parse(text, diagnostics);
        if (root is null)
        {
            return null;
        }

        root.WarnUnknownKeys("id", "title", "intro", "start", "thresholds", "outcomes", "timings", "plan", "questions", "readiness", "gates", "set-aside");
        var id = root.String("id", required: true) ?? "";
        if (id.Length > 0 && !GuideLoader.SlugPattern().IsMatch(id))
        {
            root.Error(root.Node("id")!, $"id '{id}' must be lower-case letters, digits and single hyphens");
        }

        var title = root.String("title", required: true) ?? "";
        var intro = root.String("intro") ?? "";
        var start = ReadScores(root, root.Mapping("start", required: true), "start", required: true);
        var thresholds = ReadThresholds(root);
        var outcomes = ReadOutcomes(root);
        var questions = ReadQuestions(root, diagnostics);
        var gates = ReadGates(root, questions);
        var setAsides = ReadSetAsides(root, questions);
        var readiness = ReadReadiness(root, questions);
        var timings = ReadTimings(root);
        var plan = ReadPlan(root);

        if (id == QuizContract.QuestionnaireId)
        {
            CheckContract(root, questions, readiness, timings, plan);
        }

        if (questions.Count > Questionnaire.MaxQuestions)
        {
            root.Error(root.Node("questions")!, $"a questionnaire has at most {Questionnaire.MaxQuestions} questions");
        }

        CheckScoreRange(root, start, questions);

        if (diagnostics.HasErrors)
        {
            return null;
        }

        var introHtml = MarkdownRenderer.Render(intro, "/quiz/" + id, diagnostics).Html;
        return new Questionnaire(new QuestionnaireDefinition
        {
            Id = id,
            Title = title,
            IntroHtml = introHtml,
            Start = start,
            Thresholds = thresholds,
            Outcomes = outcomes,
            Timings = timings,
            Plan = plan,
            Questions = [.. questions.Select(q => q.Question)],
            Gates = gates,
            SetAsides = setAsides,
            Readiness = readiness.Select(r => r.Rule).ToList(),
            SourcePath = relativePath,
        });
    }

    private sealed record LoadedQuestion(Question Question, YamlMappingNode Node, Dictionary<string, YamlMappingNode> OptionNodes);

    private static OutcomeScores ReadScores(YamlFields root, YamlMappingNode? map, string what, bool required)
    {
        if (map is null)
        {
            return default;
        }

        var fields = root.For(map);
        var values = new int[3];
        foreach (var (key, value) in map.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!Outcomes.TryParse(name, out var outcome))
            {
                fields.Error(key, $"unknown outcome '{name}' in {what}: use rag, fine-tuning or both");
                continue;
            }

            if (fields.Int(name) is { } number)
            {
                values[(int)outcome] = number;
            }
            else if (value is YamlScalarNode { Value: null or "" })
            {
                fields.Error(value, $"{what} for '{name}' needs a number");
            }
        }

        if (required)
        {
            foreach (var outcome in Outcomes.All.Where(o => fields.Node(o.Id()) is null))
            {
                fields.Error(map, $"{what} needs a number for '{outcome.Id()}'");
            }
        }

        return new OutcomeScores(values[0], values[1], values[2]);
    }

    private static (int, int) ReadThresholds(YamlFields root)
    {
        if (root.Mapping("thresholds") is not { } map)
        {
            return (10, 5);
        }

        var fields = root.For(map);
        fields.WarnUnknownKeys("clear", "leaning");
        var clear = fields.Int("clear") ?? 10;
        var leaning = fields.Int("leaning") ?? 5;
        if (leaning < 0 || clear < leaning)
        {
            fields.Error(map, "thresholds need 0 <= leaning <= clear");
        }
        return (clear, leaning);
    }

    private static Dictionary<Outcome, OutcomeInfo> ReadOutcomes(YamlFields root)
    {
        var result = new Dictionary<Outcome, OutcomeInfo>();
        if (root.Mapping("outcomes", required: true) is not { } map)
        {
            return result;
        }

        var outcomes = root.For(map);
        foreach (var (key, value) in map.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!Outcomes.TryParse(name, out var outcome))
            {
                outcomes.Error(key, $"unknown outcome '{name}': the outcomes are rag, fine-tuning and both");
                continue;
            }

            if (value is not YamlMappingNode body)
            {
                outcomes.Error(value, $"outcome '{name}' needs title and sentence lines");
                continue;
            }

            var fields = root.For(body);
            fields.WarnUnknownKeys("title", "sentence", "course");
            result[outcome] = new OutcomeInfo(
                fields.String("title", required: true) ?? name,
                fields.String("sentence", required: true) ?? "",
                fields.String("course"));
        }

        foreach (var missing in Outcomes.All.Where(o => !result.ContainsKey(o)))
        {
            outcomes.Error(map, $"outcome '{missing.Id()}' is missing");
        }

        return result;
    }

    private static List<LoadedQuestion> ReadQuestions(YamlFields root, DiagnosticList diagnostics)
    {
        var questions = new List<LoadedQuestion>();
        foreach (var item in root.Sequence("questions", required: true)?.Children ?? [])
        {
            if (item is not YamlMappingNode node)
            {
                root.Error(item, "each question is a set of lines: id, text, options, ...");
                continue;
            }

            var fields = root.For(node);
            fields.WarnUnknownKeys("id", "label", "text", "help", "learn-more", "options");
            var id = fields.String("id", required: true);
            if (id is null)
            {
                continue;
            }

            if (!GuideLoader.SlugPattern().IsMatch(id))
            {
                fields.Error(fields.Node("id")!, $"question id '{id}' must be lower-case letters, digits and single hyphens");
            }
            else if (QuizAddress.ReservedKeys.Contains(id))
            {
                fields.Error(fields.Node("id")!, $"'{id}' is used by the quiz page itself; choose another question id");
            }

            if (questions.Find(q => q.Question.Id == id) is { } first)
            {
                fields.Error(fields.Node("id")!, $"duplicate question id '{id}' (first used on line {root.LineOf(first.Node)})");
                continue;
            }

            var learnMore = fields.String("learn-more");
            if (learnMore is not null && !(learnMore.StartsWith('/') && MarkdownRenderer.IsAllowedUrl(learnMore)))
            {
                fields.Error(fields.Node("learn-more")!, $"learn-more '{learnMore}' must be a site path such as /guides/rag-vs-fine-tuning#how-to-choose");
            }

            var options = new List<QuestionOption>();
            var optionNodes = new Dictionary<string, YamlMappingNode>(StringComparer.Ordinal);
            var optionList = fields.Sequence("options", required: true);
            foreach (var optionItem in optionList?.Children ?? [])
            {
                if (optionItem is not YamlMappingNode optionNode)
                {
                    fields.Error(optionItem, "each option is a set of lines: id, text, weights");
                    continue;
                }

                var option = root.For(optionNode);
                option.WarnUnknownKeys("id", "text", "why", "weights", "course");
                var optionId = option.String("id", required: true);
                if (optionId is null)
                {
                    continue;
                }

                if (!GuideLoader.SlugPattern().IsMatch(optionId))
                {
                    option.Error(option.Node("id")!, $"option id '{optionId}' must be lower-case letters, digits and single hyphens");
                }

                if (!optionNodes.TryAdd(optionId, optionNode))
                {
                    option.Error(option.Node("id")!, $"duplicate option id '{optionId}' in question '{id}'");
                    continue;
                }

                options.Add(new QuestionOption
                {
                    Id = optionId,
                    Index = options.Count,
                    Text = option.String("text", required: true) ?? optionId,
                    Why = option.String("why") ?? "",
                    Weights = ReadScores(root, option.Mapping("weights"), $"the weights of '{id}={optionId}'", required: false),
                    Course = option.String("course"),
                });
            }

            if (optionList is not null && options.Count < 2)
            {
                fields.Error(optionList, $"question '{id}' needs at least two options");
            }

            if (options.Count > 100)
            {
                fields.Error(optionList!, $"question '{id}' has more than 100 options");
            }

            var help = fields.String("help") ?? "";
            questions.Add(new LoadedQuestion(
                new Question
                {
                    Id = id,
                    Index = questions.Count,
                    Label = fields.String("label") ?? id,
                    Text = fields.String("text", required: true) ?? id,
                    Help = help,
                    HelpHtml = help.Length == 0 ? "" : MarkdownRenderer.RenderInline(help, learnMore ?? "/", diagnostics),
                    LearnMore = learnMore,
                    Options = options,
                    Line = root.LineOf(node),
                },
                node,
                optionNodes));
        }

        return questions;
    }

    private static Condition? ReadCondition(YamlFields root, YamlMappingNode? map, List<LoadedQuestion> questions, string what)
    {
        if (map is null)
        {
            return null;
        }

        var fields = root.For(map);
        var anyOf = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (key, _) in map.Children)
        {
            var questionId = (key as YamlScalarNode)?.Value ?? "";
            var question = questions.Find(q => q.Question.Id == questionId);
            if (question is null)
            {
                fields.Error(key, $"{what} names '{questionId}', which is not a question here");
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

    private static List<Gate> ReadGates(YamlFields root, List<LoadedQuestion> questions)
    {
        var gates = new List<Gate>();
        foreach (var item in root.Sequence("gates")?.Children ?? [])
        {
            if (item is not YamlMappingNode node)
            {
                root.Error(item, "each gate is a set of lines: id, when, forbid, reason");
                continue;
            }

            var fields = root.For(node);
            fields.WarnUnknownKeys("id", "when", "forbid", "reason", "flag");
            var id = fields.String("id", required: true) ?? "";
            if (gates.Exists(g => g.Id == id))
            {
                fields.Error(fields.Node("id")!, $"duplicate gate id '{id}'");
            }

            var when = ReadCondition(root, fields.Mapping("when", required: true), questions, $"gate '{id}'");
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
                fields.Error(node, $"gate '{id}' needs 'forbid' with fine-tuning and/or both");
            }

            Condition? flagWhen = null;
            string? flagText = null;
            if (fields.Mapping("flag") is { } flag)
            {
                var flagFields = root.For(flag);
                flagFields.WarnUnknownKeys("when", "text");
                flagWhen = ReadCondition(root, flagFields.Mapping("when", required: true), questions, $"the flag of gate '{id}'");
                flagText = flagFields.String("text", required: true);
            }

            gates.Add(new Gate
            {
                Id = id,
                When = when ?? new Condition(new Dictionary<string, IReadOnlyList<string>>()),
                Forbid = forbid,
                Reason = fields.String("reason", required: true) ?? "",
                FlagWhen = flagWhen,
                FlagText = flagText,
            });
        }

        return gates;
    }

    private sealed record LoadedRule(ReadinessRule Rule, YamlMappingNode Node, bool StepKnown);

    private static List<LoadedRule> ReadReadiness(YamlFields root, List<LoadedQuestion> questions)
    {
        var rules = new List<LoadedRule>();
        foreach (var item in root.Sequence("readiness")?.Children ?? [])
        {
            if (item is not YamlMappingNode node)
            {
                root.Error(item, "each readiness line is a set of lines: question, ready, missing, step");
                continue;
            }

            var fields = root.For(node);
            fields.WarnUnknownKeys("question", "ready", "missing", "step");
            var questionId = fields.String("question", required: true) ?? "";
            var question = questions.Find(q => q.Question.Id == questionId);
            if (question is null)
            {
                fields.Error(fields.Node("question") ?? node, $"readiness names '{questionId}', which is not a question here");
                continue;
            }

            if (rules.Exists(r => r.Rule.QuestionId == questionId))
            {
                fields.Error(fields.Node("question")!, $"readiness names '{questionId}' twice");
                continue;
            }

            var ready = fields.StringList("ready");
            foreach (var unknown in ready.Where(o => question.Question.FindOption(o) is null))
            {
                fields.Error(fields.Node("ready")!, $"readiness: '{unknown}' is not an answer to '{questionId}'");
            }

            var stepText = fields.String("step", required: true);
            var stepKnown = PlanSteps.TryParse(stepText, out var step);
            if (!stepKnown && stepText is not null)
            {
                fields.Error(fields.Node("step")!, $"readiness: unknown plan step '{stepText}' (steps: {string.Join(", ", PlanSteps.All.Select(p => p.Id()))})");
            }

            if (stepKnown && rules.Find(r => r.StepKnown && r.Rule.Step == step) is { } other)
            {
                fields.Error(fields.Node("step")!, $"readiness: the plan step '{step.Id()}' is already called for by '{other.Rule.QuestionId}'");
            }

            rules.Add(new LoadedRule(new ReadinessRule(questionId, ready, fields.String("missing", required: true) ?? "", step), node, stepKnown));
        }

        return rules;
    }

    private static List<SetAside> ReadSetAsides(YamlFields root, List<LoadedQuestion> questions)
    {
        var rules = new List<SetAside>();
        foreach (var item in root.Sequence("set-aside")?.Children ?? [])
        {
            if (item is not YamlMappingNode node)
            {
                root.Error(item, "each set-aside rule is a set of lines: id, when, ignore, reason");
                continue;
            }

            var fields = root.For(node);
            fields.WarnUnknownKeys("id", "when", "ignore", "reason");
            var id = fields.String("id", required: true) ?? "";
            if (rules.Exists(r => r.Id == id))
            {
                fields.Error(fields.Node("id")!, $"duplicate set-aside id '{id}'");
            }

            var when = ReadCondition(root, fields.Mapping("when", required: true), questions, $"set-aside '{id}'");
            if (when is { AnyOf.Count: 0 })
            {
                fields.Error(fields.Node("when")!, $"set-aside '{id}' needs 'when' with at least one question and its answers");
            }
            var ignore = fields.StringList("ignore");
            foreach (var unknown in ignore.Where(q => !questions.Exists(l => l.Question.Id == q)))
            {
                fields.Error(fields.Node("ignore")!, $"set-aside '{id}' names '{unknown}', which is not a question here");
            }

            if (ignore.Count == 0)
            {
                fields.Error(node, $"set-aside '{id}' needs 'ignore' with the questions it sets aside");
            }

            rules.Add(new SetAside
            {
                Id = id,
                When = when ?? new Condition(new Dictionary<string, IReadOnlyList<string>>()),
                Ignore = ignore,
                Reason = fields.String("reason", required: true) ?? "",
            });
        }

        return rules;
    }

    private static Dictionary<Timing, TimingInfo> ReadTimings(YamlFields root)
    {
        var result = new Dictionary<Timing, TimingInfo>();
        if (root.Mapping("timings") is not { } map)
        {
            return result;
        }

        var timings = root.For(map);
        foreach (var (key, value) in map.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!Timings.TryParse(name, out var timing))
            {
                timings.Error(key, $"unknown timing '{name}': the timings are now, not-yet and confirm-first");
                continue;
            }

            if (value is not YamlMappingNode body)
            {
                timings.Error(value, $"timing '{name}' needs label and text lines");
                continue;
            }

            var fields = root.For(body);
            fields.WarnUnknownKeys("label", "text");
            result[timing] = new TimingInfo(fields.String("label") ?? "", fields.String("text", required: true) ?? "");
        }

        return result;
    }

    private static Dictionary<PlanStep, PlanStepInfo> ReadPlan(YamlFields root)
    {
        var result = new Dictionary<PlanStep, PlanStepInfo>();
        if (root.Mapping("plan") is not { } map)
        {
            return result;
        }

        var plan = root.For(map);
        foreach (var (key, value) in map.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!PlanSteps.TryParse(name, out var step))
            {
                plan.Error(key, $"unknown plan step '{name}' (steps: {string.Join(", ", PlanSteps.All.Select(p => p.Id()))})");
                continue;
            }

            if (value is not YamlMappingNode body)
            {
                plan.Error(value, $"plan step '{name}' needs headline, text and why lines");
                continue;
            }

            var fields = root.For(body);
            fields.WarnUnknownKeys("headline", "text", "why", "learn-more");
            var learnMore = fields.String("learn-more");
            if (learnMore is not null && !(learnMore.StartsWith('/') && MarkdownRenderer.IsAllowedUrl(learnMore)))
            {
                fields.Error(fields.Node("learn-more")!, $"learn-more '{learnMore}' must be a site path such as /guides/rag-vs-fine-tuning#how-to-choose");
            }

            result[step] = new PlanStepInfo(
                fields.String("headline", required: true) ?? name,
                fields.String("text", required: true) ?? "",
                fields.String("why") ?? "",
                learnMore,
                root.LineOf(key));
        }

        return result;
    }

    private static void CheckContract(YamlFields root, List<LoadedQuestion> questions, List<LoadedRule> readiness,
        Dictionary<Timing, TimingInfo> timings, Dictionary<PlanStep, PlanStepInfo> plan)
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

        // Principle 4 fixes what "ready" means; the file says it in words, and must say the same thing.
        var readinessList = root.Node("readiness") ?? root.Map;
        foreach (var (questionId, ready, step) in QuizContract.Readiness)
        {
            if (readiness.Find(r => r.Rule.QuestionId == questionId) is not { } rule)
            {
                root.Error(readinessList, $"readiness needs a line for '{questionId}' (principle 4 of the quiz contract)");
                continue;
            }

            if (!rule.Rule.Ready.Order(StringComparer.Ordinal).SequenceEqual(ready.Order(StringComparer.Ordinal)))
            {
                root.Error(rule.Node, $"readiness of '{questionId}' must count exactly [{string.Join(", ", ready)}] as ready (principle 4 of the quiz contract)");
            }

            if (rule.StepKnown && rule.Rule.Step != step)
            {
                root.Error(rule.Node, $"readiness of '{questionId}' must call for the plan step '{step.Id()}' (principle 12 of the quiz contract)");
            }
        }

        foreach (var missing in Timings.All.Where(t => !timings.ContainsKey(t)))
        {
            root.Error(root.Node("timings") ?? root.Map, $"timing '{missing.Id()}' needs its label and text");
        }

        foreach (var missing in PlanSteps.All.Where(s => !plan.ContainsKey(s)))
        {
            root.Error(root.Node("plan") ?? root.Map, $"plan step '{missing.Id()}' needs its headline, text and why");
        }

        CheckMonotone(root, questions, QuizContract.FineTuningSide, Outcome.FineTuning, "fine-tuning");
        CheckMonotone(root, questions, QuizContract.RagSide, Outcome.Rag, "RAG");
    }

    /// <summary>Principle 7 at the level of weights: a stronger answer never lowers its side's outcomes.</summary>
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

                foreach (var outcome in new[] { side, Outcome.Both })
                {
                    if (stronger.Weights[outcome] < weaker.Weights[outcome])
                    {
                        var node = question.OptionNodes[stronger.Id];
                        root.Error(root.For(node).Node("weights") ?? node,
                            $"'{questionId}={stronger.Id}' gives {outcome.Id()} {stronger.Weights[outcome]}, less than '{weaker.Id}' gives ({weaker.Weights[outcome]}): " +
                            $"a stronger answer must never lower the {sideName} side (principle 7)");
                    }
                }
            }
        }
    }

    /// <summary>Scores are 0-100 with no clamping (so the reasons add up exactly): check every reachable total.</summary>
    private static void CheckScoreRange(YamlFields root, OutcomeScores start, List<LoadedQuestion> questions)
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
