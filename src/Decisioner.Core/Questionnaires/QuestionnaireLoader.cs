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

        root.WarnUnknownKeys("id", "title", "intro", "guide", "start", "thresholds", "outcomes", "questions", "readiness", "gates");
        var id = root.String("id", required: true) ?? "";
        if (id.Length > 0 && !GuideLoader.SlugPattern().IsMatch(id))
        {
            root.Error(root.Node("id")!, $"id '{id}' must be lower-case letters, digits and single hyphens");
        }

        var title = root.String("title", required: true) ?? "";
        var intro = root.String("intro") ?? "";
        var guide = root.String("guide");
        var start = ReadScores(root, root.Mapping("start", required: true), "start", required: true);
        var thresholds = ReadThresholds(root);
        var outcomes = ReadOutcomes(root);
        var questions = ReadQuestions(root, diagnostics);
        var gates = ReadGates(root, questions);
        var readiness = ReadReadiness(root, questions);

        if (id == QuizContract.QuestionnaireId)
        {
            CheckContract(root, questions);
        }

        CheckScoreRange(root, start, questions);

        if (diagnostics.HasErrors)
        {
            return null;
        }

        var introHtml = MarkdownRenderer.Render(intro, "/quiz/" + id, diagnostics).Html;
        return new Questionnaire(id, title, introHtml, guide, start, thresholds, outcomes,
            [.. questions.Select(q => q.Question)], gates, readiness, relativePath);
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
                outcomes.Error(value, $"outcome '{name}' needs title, sentence and next-steps lines");
                continue;
            }

            var fields = root.For(body);
            fields.WarnUnknownKeys("title", "sentence", "course", "next-steps");
            result[outcome] = new OutcomeInfo(
                fields.String("title", required: true) ?? name,
                fields.String("sentence", required: true) ?? "",
                fields.String("course"),
                fields.StringList("next-steps"));
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
            else if (QuizContract.ReservedKeys.Contains(id))
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
            fields.WarnUnknownKeys("id", "when", "forbid", "reason", "next-step", "flag");
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
                NextStep = fields.String("next-step"),
                FlagWhen = flagWhen,
                FlagText = flagText,
            });
        }

        return gates;
    }

    private static List<ReadinessRule> ReadReadiness(YamlFields root, List<LoadedQuestion> questions)
    {
        var rules = new List<ReadinessRule>();
        foreach (var item in root.Sequence("readiness")?.Children ?? [])
        {
            if (item is not YamlMappingNode node)
            {
                root.Error(item, "each readiness line is a set of lines: question, ready, missing");
                continue;
            }

            var fields = root.For(node);
            fields.WarnUnknownKeys("question", "ready", "missing");
            var questionId = fields.String("question", required: true) ?? "";
            var question = questions.Find(q => q.Question.Id == questionId);
            if (question is null)
            {
                fields.Error(fields.Node("question") ?? node, $"readiness names '{questionId}', which is not a question here");
                continue;
            }

            var ready = fields.StringList("ready");
            foreach (var unknown in ready.Where(o => question.Question.FindOption(o) is null))
            {
                fields.Error(fields.Node("ready")!, $"readiness: '{unknown}' is not an answer to '{questionId}'");
            }

            rules.Add(new ReadinessRule(questionId, ready, fields.String("missing", required: true) ?? ""));
        }

        return rules;
    }

    private static void CheckContract(YamlFields root, List<LoadedQuestion> questions)
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
