namespace Decisioner.Core.Questionnaires;

/// <summary>
/// A questionnaire loaded from content: its wording, weights and rules as the file gives them
/// (<see cref="Definition"/>), the lookups the pages and the explanation use, and the same rules compiled
/// into flat tables for scoring (<see cref="Kernel"/>).
/// </summary>
public sealed class Questionnaire
{
    /// <summary>Set-aside masks are one bit per question, and one bit per set-aside rule.</summary>
    public const int MaxQuestions = 64;

    public const int MaxSetAsideRules = 64;

    private readonly Dictionary<string, Question> _byId;

    public Questionnaire(QuestionnaireDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Questions.Count > MaxQuestions || definition.SetAsides.Count > MaxSetAsideRules)
        {
            throw new ArgumentException($"at most {MaxQuestions} questions and {MaxSetAsideRules} set-aside rules", nameof(definition));
        }

        Definition = definition;
        _byId = definition.Questions.ToDictionary(q => q.Id, StringComparer.Ordinal);
        Kernel = new QuestionnaireKernel(definition, _byId);
    }

    public QuestionnaireDefinition Definition { get; }
    public string Id => Definition.Id;
    public string Title => Definition.Title;
    public string IntroHtml => Definition.IntroHtml;

    /// <summary>Where every outcome's score starts before the answers move it.</summary>
    public OutcomeScores Start => Definition.Start;

    /// <summary>The winner's lead, in points, from which a call is "clear" or "leaning".</summary>
    public (int Clear, int Leaning) Thresholds => Definition.Thresholds;

    public IReadOnlyDictionary<Outcome, OutcomeInfo> OutcomeTexts => Definition.Outcomes;
    public IReadOnlyList<Question> Questions => Definition.Questions;
    public IReadOnlyList<Gate> Gates => Definition.Gates;
    public IReadOnlyList<SetAside> SetAsides => Definition.SetAsides;
    public IReadOnlyList<ReadinessRule> Readiness => Definition.Readiness;
    public string SourcePath => Definition.SourcePath;

    /// <summary>The compiled tables that scoring runs on.</summary>
    internal QuestionnaireKernel Kernel { get; }

    /// <summary>The outcome's name as the questionnaire writes it ("RAG and fine-tuning"), or its id.</summary>
    public string OutcomeTitle(Outcome outcome) =>
        OutcomeTexts.TryGetValue(outcome, out var info) ? info.Title : outcome.Id();

    /// <summary>The step's texts as the editors wrote them, or the step id when the file has none.</summary>
    public PlanStepInfo StepInfo(PlanStep step) =>
        Definition.Plan.TryGetValue(step, out var info) ? info : new PlanStepInfo(step.Id(), step.Id(), "", null);

    /// <summary>What the site says about a timing of training (fine-tuning and both).</summary>
    public TimingInfo TimingInfo(Timing timing) => TimingInfo(Outcome.FineTuning, timing);

    /// <summary>What the site says about a timing for this outcome: readiness to train, or for RAG when to start building.</summary>
    public TimingInfo TimingInfo(Outcome outcome, Timing timing) =>
        (outcome == Outcome.Rag ? Definition.RetrievalTimings : Definition.Timings).TryGetValue(timing, out var info)
            ? info
            : new TimingInfo(timing == Timing.Now ? "" : timing.Id(), "", timing.Id());

    /// <summary>"Training" or "Start building": what the timing of this outcome is about.</summary>
    public string TimingName(Outcome outcome) => outcome == Outcome.Rag ? Definition.TimingNames.Retrieval : Definition.TimingNames.Training;

    public NotAsked? NotAsked => Definition.NotAsked;

    public Question? FindQuestion(string? id) => id is not null && _byId.TryGetValue(id, out var q) ? q : null;
}
