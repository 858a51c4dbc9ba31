using Decisioner.Core.Content;
using YamlDotNet.RepresentationModel;

namespace Decisioner.Core.Questionnaires;

/// <summary>
/// Reads a questionnaire YAML file into a <see cref="Questionnaire"/>, each problem at its file, line and
/// column: the top-level fields and the named sections (outcomes, timings, plan) here, the questions
/// through <see cref="QuestionReader"/>, the gates, set-aside and readiness rules through
/// <see cref="RuleReader"/>. The contract's own rules are checked by <see cref="QuizRules"/>.
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
        var outcomes = ReadNamed<Outcome, OutcomeInfo>(root, root.Mapping("outcomes", required: true), "outcome", Outcomes.TryParse, ": the outcomes are rag, fine-tuning and both", "title and sentence",
            (fields, name, _) => new(fields.String("title", required: true) ?? name, fields.String("sentence", required: true) ?? "", fields.String("course"), ReadTentative(fields)));
        var (timings, retrievalTimings, timingNames) = ReadTimings(root);
        var plan = ReadNamed<PlanStep, PlanStepInfo>(root, root.Mapping("plan"), "plan step", PlanSteps.TryParse, $" (steps: {PlanSteps.IdList})", "headline, text and why",
            (fields, name, line) => new PlanStepInfo(fields.String("headline", required: true) ?? name, fields.String("text", required: true) ?? "", fields.String("why") ?? "",
                SitePath(fields, "learn-more"), line)
            {
                WhyWhen = ReadWhyWhen(fields, name),
            });
        var notAsked = ReadNotAsked(root);
        var questions = QuestionReader.Read(root);
        var gates = RuleReader.Gates(root, questions);
        var setAsides = RuleReader.SetAsides(root, questions);
        var readiness = RuleReader.Readiness(root, questions);
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
            QuizRules.CheckContract(root, questions, readiness, timings, retrievalTimings, plan);
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
            RetrievalTimings = retrievalTimings,
            TimingNames = timingNames,
            NotAsked = notAsked,
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

    /// <summary>A section of named entries (outcomes, timings, plan steps), each a set of lines read by <paramref name="read"/>.</summary>
    private static Dictionary<TKey, TValue> ReadNamed<TKey, TValue>(YamlFields root, YamlMappingNode? map, string singular, ContractIdParser<TKey> parse, string names, string shape, Func<YamlFields, string, int, TValue> read)
        where TKey : struct
    {
        var result = new Dictionary<TKey, TValue>();
        foreach (var (key, value) in map?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
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

    /// <summary>
    /// <c>timings: { training: { name, now, not-yet, confirm-first }, retrieval: { name, now, not-yet } }</c>: what
    /// the timing says for fine-tuning and both (readiness to train) and for RAG (when to start building).
    /// </summary>
    private static (Dictionary<Timing, TimingInfo>, Dictionary<Timing, TimingInfo>, (string, string)) ReadTimings(YamlFields root)
    {
        var names = (Training: "Training", Retrieval: "Start building");
        var timings = root.Mapping("timings") is { } all ? root.For(all) : null;
        Dictionary<Timing, TimingInfo> Read(string part, ref string name)
        {
            if (timings?.Mapping(part) is not { } map)
            {
                return [];
            }

            var fields = timings.For(map);
            name = fields.String("name") ?? name;
            var entries = new YamlMappingNode(map.Children.Where(c => (c.Key as YamlScalarNode)?.Value != "name"));
            return ReadNamed<Timing, TimingInfo>(fields, entries, "timing", Timings.TryParse, ": the timings are now, not-yet and confirm-first", "label, status and text",
                (f, _, _) => new(f.String("label") ?? "", f.String("text", required: true) ?? "", f.String("status", required: true) ?? "", f.String("if-prompting-first") ?? ""));
        }

        var training = Read("training", ref names.Training);
        var retrieval = Read("retrieval", ref names.Retrieval);
        timings?.WarnUnread();
        return (training, retrieval, names);
    }

    /// <summary><c>if-prompting-falls-short: { title, sentence, headline-end }</c> under an outcome.</summary>
    private static TentativeOutcome? ReadTentative(YamlFields outcome)
    {
        if (outcome.Mapping("if-prompting-falls-short") is not { } map)
        {
            return null;
        }

        var fields = outcome.For(map);
        var tentative = new TentativeOutcome(fields.String("title", required: true) ?? "", fields.String("sentence", required: true) ?? "", fields.String("headline-end", required: true) ?? "");
        fields.WarnUnread();
        return tentative;
    }

    /// <summary><c>why-when: { facts-contradict-gap: ..., cost-limit-exception: ... }</c> under a plan step.</summary>
    private static Dictionary<PlanCase, string> ReadWhyWhen(YamlFields step, string stepId)
    {
        var whyWhen = new Dictionary<PlanCase, string>();
        if (step.Mapping("why-when") is not { } map)
        {
            return whyWhen;
        }

        var fields = step.For(map);
        foreach (var (key, _) in map.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!PlanCases.TryParse(name, out var planCase))
            {
                fields.Error(key, $"plan step '{stepId}': why-when names unknown case '{name}' (cases: {string.Join(", ", PlanCases.All.Select(c => c.Id()))})");
            }
            else if (fields.String(name, required: true) is { Length: > 0 } text)
            {
                whyWhen[planCase] = text;
            }
        }

        return whyWhen;
    }

    /// <summary><c>not-asked: { title, intro, topics: [{ text, learn-more }] }</c>: the result's foot.</summary>
    private static NotAsked? ReadNotAsked(YamlFields root)
    {
        if (root.Mapping("not-asked") is not { } map)
        {
            return null;
        }

        var fields = root.For(map);
        var title = fields.String("title", required: true) ?? "";
        var intro = fields.String("intro") ?? "";
        var topics = fields.Items("topics", "each topic is a set of lines: text, learn-more", required: true)
            .Select(topic => new NotAskedTopic(topic.String("text", required: true) ?? "", SitePath(topic, "learn-more"), topic.LineOf(topic.Map)))
            .ToList();
        fields.WarnUnread();
        return new NotAsked(title, intro, topics);
    }

    internal static OutcomeScores ReadScores(YamlFields root, YamlMappingNode? map, string what, bool required)
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

    /// <summary>A field that must be a site path (<c>/guides/...#section</c>), or null when absent or refused.</summary>
    internal static string? SitePath(YamlFields fields, string key)
    {
        var path = fields.String(key);
        if (path is not null && !(path.StartsWith('/') && LinkPolicy.IsAllowedUrl(path)))
        {
            fields.Error(fields.Node(key)!, $"{key} '{path}' must be a site path such as /guides/rag-vs-fine-tuning#how-to-choose");
        }

        return path;
    }
}
