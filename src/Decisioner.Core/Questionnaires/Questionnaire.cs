using System.Text;

namespace Decisioner.Core.Questionnaires;

/// <summary>An answer option of a question.</summary>
public sealed record QuestionOption
{
    public required string Id { get; init; }
    public required int Index { get; init; }
    public required string Text { get; init; }

    /// <summary>Why this answer moves the scores the way it does; shown beside its contribution.</summary>
    public string Why { get; init; } = "";

    public OutcomeScores Weights { get; init; }

    /// <summary>The course this answer points to (the <c>goal</c> question), if any.</summary>
    public string? Course { get; init; }
}

/// <summary>One question of a questionnaire.</summary>
public sealed record Question
{
    public required string Id { get; init; }
    public required int Index { get; init; }

    /// <summary>A short name for lists and "what would change this" sentences.</summary>
    public required string Label { get; init; }

    public required string Text { get; init; }

    /// <summary>The help text as written (inline markdown).</summary>
    public string Help { get; init; } = "";

    /// <summary>The help text rendered to safe HTML.</summary>
    public string HelpHtml { get; init; } = "";

    /// <summary>A site path into the guide section that explains this question.</summary>
    public string? LearnMore { get; init; }

    public required IReadOnlyList<QuestionOption> Options { get; init; }

    /// <summary>The line of the questionnaire file where the question starts, for diagnostics.</summary>
    public int Line { get; init; } = 1;

    public QuestionOption? FindOption(string? id) => Options.FirstOrDefault(o => o.Id == id);
}

/// <summary>What the site says about one outcome.</summary>
public sealed record OutcomeInfo(string Title, string Sentence, string? Course, IReadOnlyList<string> NextSteps);

/// <summary>Answers that make something apply: any one of them is enough.</summary>
public sealed record Condition(IReadOnlyDictionary<string, IReadOnlyList<string>> AnyOf)
{
    public bool Matches(Questionnaire questionnaire, AnswerSet answers) => MatchedBy(questionnaire, answers).Any();

    /// <summary>The questions whose answers made the condition true.</summary>
    public IEnumerable<Question> MatchedBy(Questionnaire questionnaire, AnswerSet answers) =>
        AnyOf.Where(pair => answers.Get(questionnaire.FindQuestion(pair.Key)!) is { } option && pair.Value.Contains(option.Id))
            .Select(pair => questionnaire.FindQuestion(pair.Key)!);
}

/// <summary>A rule that takes outcomes off the table whatever the scores say (e.g. the readiness gate).</summary>
public sealed record Gate
{
    public required string Id { get; init; }
    public required Condition When { get; init; }
    public required IReadOnlyList<Outcome> Forbid { get; init; }
    public required string Reason { get; init; }
    public string? NextStep { get; init; }
    public Condition? FlagWhen { get; init; }
    public string? FlagText { get; init; }

    internal byte ForbidMask => (byte)Forbid.Aggregate(0, (mask, o) => mask | (1 << (int)o));
}

/// <summary>One line of the fine-tuning readiness checklist.</summary>
public sealed record ReadinessRule(string QuestionId, IReadOnlyList<string> Ready, string Missing);

/// <summary>
/// A questionnaire loaded from content: its wording, weights and rules, plus flat tables compiled
/// from them so that the bare outcome of an answer set costs a few additions.
/// </summary>
public sealed class Questionnaire
{
    private readonly Dictionary<string, Question> _byId;
    private readonly int[] _optionBase;
    private readonly int[] _weights;
    private readonly byte[] _forbid;

    public Questionnaire(
        string id,
        string title,
        string introHtml,
        string? guideSlug,
        OutcomeScores start,
        (int Clear, int Leaning) thresholds,
        IReadOnlyDictionary<Outcome, OutcomeInfo> outcomes,
        IReadOnlyList<Question> questions,
        IReadOnlyList<Gate> gates,
        IReadOnlyList<ReadinessRule> readiness,
        string sourcePath)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(gates);
        Id = id;
        Title = title;
        IntroHtml = introHtml;
        GuideSlug = guideSlug;
        Start = start;
        Thresholds = thresholds;
        OutcomeTexts = outcomes;
        Questions = questions;
        Gates = gates;
        Readiness = readiness;
        SourcePath = sourcePath;
        _byId = questions.ToDictionary(q => q.Id, StringComparer.Ordinal);

        _optionBase = new int[questions.Count];
        var optionCount = 0;
        for (var q = 0; q < questions.Count; q++)
        {
            _optionBase[q] = optionCount;
            optionCount += questions[q].Options.Count;
        }

        _weights = new int[optionCount * 3];
        _forbid = new byte[optionCount];
        foreach (var question in questions)
        {
            foreach (var option in question.Options)
            {
                var slot = _optionBase[question.Index] + option.Index;
                _weights[slot * 3] = option.Weights.Rag;
                _weights[(slot * 3) + 1] = option.Weights.FineTuning;
                _weights[(slot * 3) + 2] = option.Weights.Both;
                // Gates are "any of these answers", so each answer can carry the outcomes its gates rule out.
                foreach (var gate in gates)
                {
                    if (gate.When.AnyOf.TryGetValue(question.Id, out var options) && options.Contains(option.Id))
                    {
                        _forbid[slot] |= gate.ForbidMask;
                    }
                }
            }
        }
    }

    public string Id { get; }
    public string Title { get; }
    public string IntroHtml { get; }

    /// <summary>The guide this questionnaire's "learn more" links mostly point into.</summary>
    public string? GuideSlug { get; }

    /// <summary>Where every outcome's score starts before the answers move it.</summary>
    public OutcomeScores Start { get; }

    /// <summary>The winner's lead, in points, from which a call is "clear" or "leaning".</summary>
    public (int Clear, int Leaning) Thresholds { get; }

    public IReadOnlyDictionary<Outcome, OutcomeInfo> OutcomeTexts { get; }
    public IReadOnlyList<Question> Questions { get; }
    public IReadOnlyList<Gate> Gates { get; }
    public IReadOnlyList<ReadinessRule> Readiness { get; }
    public string SourcePath { get; }

    public string QuizPath => "/quiz/" + Id;

    /// <summary>The outcome's name as the questionnaire writes it ("RAG and fine-tuning"), or its id.</summary>
    public string OutcomeTitle(Outcome outcome) =>
        OutcomeTexts.TryGetValue(outcome, out var info) ? info.Title : outcome.Id();

    public Question? FindQuestion(string? id) => id is not null && _byId.TryGetValue(id, out var q) ? q : null;

    /// <summary>The shareable result link: the answers, in question order, in a readable query string.</summary>
    public string ResultPath(AnswerSet answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var query = new StringBuilder();
        foreach (var question in Questions)
        {
            if (answers.Get(question) is { } option)
            {
                query.Append(query.Length == 0 ? '?' : '&')
                    .Append(Uri.EscapeDataString(question.Id)).Append('=').Append(Uri.EscapeDataString(option.Id));
            }
        }
        return QuizPath + "/result" + query;
    }

    /// <summary>Adds the answers' weights to the start scores and collects the outcomes the gates rule out.</summary>
    internal OutcomeScores Totals(ReadOnlySpan<sbyte> answers, out byte forbidden)
    {
        int rag = Start.Rag, fineTuning = Start.FineTuning, both = Start.Both;
        byte mask = 0;
        var weights = _weights;
        for (var q = 0; q < answers.Length; q++)
        {
            var option = answers[q];
            if (option < 0)
            {
                continue;
            }

            var slot = _optionBase[q] + option;
            var w = slot * 3;
            rag += weights[w];
            fineTuning += weights[w + 1];
            both += weights[w + 2];
            mask |= _forbid[slot];
        }

        forbidden = mask;
        return new OutcomeScores(rag, fineTuning, both);
    }
}
