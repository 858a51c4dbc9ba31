using Decisioner.Core.Content;
using YamlDotNet.RepresentationModel;

namespace Decisioner.Core.Questionnaires;

/// <summary>
/// Reads a questionnaire YAML file into a <see cref="Questionnaire"/>: the shape of every section, with
/// each problem at its file, line and column. The contract's own rules are checked by <see cref="QuizRules"/>.
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

        var id = root.String("id", required: true) ?? "";
        if (id.Length > 0 && !GuideLoader.SlugPattern().IsMatch(id))
        {
            root.Error(root.Node("id")!, $"id '{id}' must be lower-case letters, digits and single hyphens");
        }

        var title = root.String("title", required: true) ?? "";
        var intro = root.String("intro") ?? "";
        var start = ReadScores(root, root.Mapping("start", required: true), "start", required: true);
        var thresholds = ReadThresholds(root);
        var outcomes = ReadNamed<Outcome, OutcomeInfo>(root, "outcomes", Outcomes.TryParse, ": the outcomes are rag, fine-tuning and both", "title and sentence",
            (fields, name, _) => new(fields.String("title", required: true) ?? name, fields.String("sentence", required: true) ?? "", fields.String("course")));
        var timings = ReadNamed<Timing, TimingInfo>(root, "timings", Timings.TryParse, ": the timings are now, not-yet and confirm-first", "label and text",
            (fields, _, _) => new(fields.String("label") ?? "", fields.String("text", required: true) ?? ""));
        var plan = ReadNamed<PlanStep, PlanStepInfo>(root, "plan", PlanSteps.TryParse, $" (steps: {PlanSteps.IdList})", "headline, text and why",
            (fields, name, line) => new(fields.String("headline", required: true) ?? name, fields.String("text", required: true) ?? "", fields.String("why") ?? "",
                SitePath(fields, "learn-more"), line));
        var questions = ReadQuestions(root);
        var gates = ReadGates(root, questions);
        var setAsides = ReadSetAsides(root, questions);
        var readiness = ReadReadiness(root, questions);
        root.WarnUnread();

        foreach (var missing in Outcomes.All.Where(o => !outcomes.ContainsKey(o)))
        {
            root.Error(root.Node("outcomes") ?? root.Map, $"outcome '{missing.Id()}' is missing");
        }

        if (questions.Count > Questionnaire.MaxQuestions)
        {
            root.Error(root.Node("questions")!, $"a questionnaire has at most {Questionnaire.MaxQuestions} questions");
        }

        if (setAsides.Count > Questionnaire.MaxSetAsideRules)
        {
            root.Error(root.Node("set-aside")!, $"a questionnaire has at most {Questionnaire.MaxSetAsideRules} set-aside rules");
        }

        if (id == QuizContract.QuestionnaireId)
        {
            QuizRules.CheckContract(root, questions, readiness, timings, plan);
        }

        QuizRules.CheckScoreRange(root, start, questions);
        if (diagnostics.HasErrors)
        {
            return null;
        }

        return new Questionnaire(new QuestionnaireDefinition
        {
            Id = id,
            Title = title,
            IntroHtml = MarkdownRenderer.Render(intro, "/quiz/" + id, diagnostics).Html,
            Start = start,
            Thresholds = thresholds,
            Outcomes = outcomes,
            Timings = timings,
            Plan = plan,
            Questions = [.. questions.Select(q => WithHelpRendered(q.Question, diagnostics))],
            Gates = gates,
            SetAsides = setAsides,
            Readiness = [.. readiness.Select(r => r.Rule)],
            SourcePath = relativePath,
        });
    }

    private static Question WithHelpRendered(Question question, DiagnosticList diagnostics)
    {
        if (question.Help.Length == 0)
        {
            return question;
        }

        var html = MarkdownRenderer.RenderInline(question.Help, question.LearnMore ?? "/", diagnostics, out var links);
        return question with { HelpHtml = html, HelpLinks = [.. links.Where(l => !l.IsImage).Select(l => l.Url)] };
    }

    /// <summary>A question as read, with the nodes the contract's checks point at.</summary>
    internal sealed record LoadedQuestion(Question Question, YamlMappingNode Node, Dictionary<string, YamlMappingNode> OptionNodes);

    /// <summary>A readiness line as read; <c>StepKnown</c> is false when its step was misspelt (already reported).</summary>
    internal sealed record LoadedRule(ReadinessRule Rule, YamlMappingNode Node, bool StepKnown);

    /// <summary>A section of named entries (outcomes, timings, plan steps), each a set of lines read by <paramref name="read"/>.</summary>
    private static Dictionary<TKey, TValue> ReadNamed<TKey, TValue>(YamlFields root, string section, ContractIdParser<TKey> parse, string names, string shape, Func<YamlFields, string, int, TValue> read)
        where TKey : struct
    {
        var result = new Dictionary<TKey, TValue>();
        var map = root.Mapping(section, required: section == "outcomes");
        foreach (var (key, value) in map?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            var singular = section == "plan" ? "plan step" : section.TrimEnd('s');
            if (!parse(name, out var entry))
            {
                root.Error(key, $"unknown {singular} '{name}'{names}");
            }
            else if (value is not YamlMappingNode body)
            {
                root.Error(value, $"{singular} '{name}' needs {shape} lines");
            }
            else
            {
                var fields = root.For(body);
                result[entry] = read(fields, name, root.LineOf(key));
                fields.WarnUnread();
            }
        }

        return result;
    }

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
            }
            else if (fields.Int(name) is { } number)
            {
                values[(int)outcome] = number;
            }
            else if (value is YamlScalarNode { Value: null or "" })
            {
                fields.Error(value, $"{what} for '{name}' needs a number");
            }
        }

        foreach (var outcome in Outcomes.All.Where(o => required && fields.Node(o.Id()) is null))
        {
            fields.Error(map, $"{what} needs a number for '{outcome.Id()}'");
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
        var clear = fields.Int("clear") ?? 10;
        var leaning = fields.Int("leaning") ?? 5;
        fields.WarnUnread();
        if (leaning < 0 || clear < leaning)
        {
            fields.Error(map, "thresholds need 0 <= leaning <= clear");
        }
        return (clear, leaning);
    }

    private static List<LoadedQuestion> ReadQuestions(YamlFields root)
    {
        var questions = new List<LoadedQuestion>();
        foreach (var fields in root.Items("questions", "each question is a set of lines: id, text, options, ...", required: true))
        {
            var id = fields.String("id", required: true);
            var label = fields.String("label");
            var text = fields.String("text", required: true);
            var help = fields.String("help") ?? "";
            var learnMore = SitePath(fields, "learn-more");
            var optionList = fields.Sequence("options", required: true);
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

            var (options, optionNodes) = ReadOptions(fields, id);
            if (optionList is not null && options.Count < 2)
            {
                fields.Error(optionList, $"question '{id}' needs at least two options");
            }

            if (options.Count > 100)
            {
                fields.Error(optionList!, $"question '{id}' has more than 100 options");
            }

            questions.Add(new LoadedQuestion(
                new Question
                {
                    Id = id,
                    Index = questions.Count,
                    Label = label ?? id,
                    Text = text ?? id,
                    Help = help,
                    LearnMore = learnMore,
                    Options = options,
                    Line = fields.LineOf(fields.Map),
                },
                fields.Map,
                optionNodes));
        }

        return questions;
    }

    private static (List<QuestionOption>, Dictionary<string, YamlMappingNode>) ReadOptions(YamlFields question, string questionId)
    {
        var options = new List<QuestionOption>();
        var nodes = new Dictionary<string, YamlMappingNode>(StringComparer.Ordinal);
        foreach (var option in question.Items("options", "each option is a set of lines: id, text, weights"))
        {
            var id = option.String("id", required: true);
            var text = option.String("text", required: true);
            var why = option.String("why") ?? "";
            var weights = ReadScores(option, option.Mapping("weights"), $"the weights of '{questionId}={id}'", required: false);
            var course = option.String("course");
            if (id is null)
            {
                continue;
            }

            if (!GuideLoader.SlugPattern().IsMatch(id))
            {
                option.Error(option.Node("id")!, $"option id '{id}' must be lower-case letters, digits and single hyphens");
            }

            if (!nodes.TryAdd(id, option.Map))
            {
                option.Error(option.Node("id")!, $"duplicate option id '{id}' in question '{questionId}'");
                continue;
            }

            options.Add(new QuestionOption { Id = id, Index = options.Count, Text = text ?? id, Why = why, Weights = weights, Course = course });
        }

        return (options, nodes);
    }

    /// <summary>A field that must be a site path (<c>/guides/...#section</c>), or null when absent or refused.</summary>
    private static string? SitePath(YamlFields fields, string key)
    {
        var path = fields.String(key);
        if (path is not null && !(path.StartsWith('/') && LinkPolicy.IsAllowedUrl(path)))
        {
            fields.Error(fields.Node(key)!, $"{key} '{path}' must be a site path such as /guides/rag-vs-fine-tuning#how-to-choose");
        }

        return path;
    }

    private static Condition ReadCondition(YamlFields owner, string key, List<LoadedQuestion> questions, string what)
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

    private static List<Gate> ReadGates(YamlFields root, List<LoadedQuestion> questions)
    {
        var gates = new List<Gate>();
        foreach (var fields in root.Items("gates", "each gate is a set of lines: id, when, forbid, reason"))
        {
            var id = fields.String("id", required: true) ?? "";
            var when = ReadCondition(fields, "when", questions, $"gate '{id}'");
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
                flagWhen = ReadCondition(flagFields, "when", questions, $"the flag of gate '{id}'");
                flagText = flagFields.String("text", required: true);
                flagFields.WarnUnread();
            }

            gates.Add(new Gate { Id = id, When = when, Forbid = forbid, Reason = reason, FlagWhen = flagWhen, FlagText = flagText });
        }

        return gates;
    }

    private static List<SetAside> ReadSetAsides(YamlFields root, List<LoadedQuestion> questions)
    {
        var rules = new List<SetAside>();
        foreach (var fields in root.Items("set-aside", "each set-aside rule is a set of lines: id, when, ignore, reason"))
        {
            var id = fields.String("id", required: true) ?? "";
            var when = ReadCondition(fields, "when", questions, $"set-aside '{id}'");
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

    private static List<LoadedRule> ReadReadiness(YamlFields root, List<LoadedQuestion> questions)
    {
        var rules = new List<LoadedRule>();
        foreach (var fields in root.Items("readiness", "each readiness line is a set of lines: question, ready, missing, step"))
        {
            var questionId = fields.String("question", required: true) ?? "";
            var ready = fields.StringList("ready");
            var missing = fields.String("missing", required: true) ?? "";
            var stepText = fields.String("step", required: true);
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

            rules.Add(new LoadedRule(new ReadinessRule(questionId, ready, missing, step), fields.Map, stepKnown));
        }

        return rules;
    }
}
