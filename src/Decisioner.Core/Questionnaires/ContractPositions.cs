using System.Runtime.CompilerServices;

namespace Decisioner.Core.Questionnaires;

/// <summary>
/// Where the questions and answers the quiz contract names (<see cref="QuizContract"/>) sit in one
/// questionnaire, as indexes, and the contract's tests over an answer set that the plan and the timing
/// read. Every index is -1 when this questionnaire has no such question or answer, so a questionnaire
/// without the contract's questions simply never meets these cases.
/// </summary>
internal sealed class ContractPositions
{
    private readonly bool[] _knowledgeGap;
    private readonly (int Question, int Option)[] _promptingException;

    public ContractPositions(QuestionnaireDefinition definition, IReadOnlyDictionary<string, Question> byId)
    {
        var questions = definition.Questions;
        int IndexOf(string questionId) => byId.TryGetValue(questionId, out var q) ? q.Index : -1;
        int OptionIndex(string questionId, string optionId) =>
            byId.TryGetValue(questionId, out var q) ? q.FindOption(optionId)?.Index ?? -1 : -1;
        GapIndex = IndexOf(QuizContract.Gap);
        UnsureGap = OptionIndex(QuizContract.Gap, QuizContract.UnsureGap);
        BehaviourGaps = [.. QuizContract.BehaviourGaps.Select(o => OptionIndex(QuizContract.Gap, o)).Where(i => i >= 0)];
        _knowledgeGap = new bool[GapIndex < 0 ? 0 : questions[GapIndex].Options.Count];
        foreach (var option in QuizContract.KnowledgeGaps.Select(o => OptionIndex(QuizContract.Gap, o)).Where(i => i >= 0))
        {
            _knowledgeGap[option] = true;
        }
        PromptingIndex = IndexOf(QuizContract.Prompting);
        PromptingExhausted = OptionIndex(QuizContract.Prompting, QuizContract.PromptingExhausted);
        FactsIndex = IndexOf(QuizContract.FactsInInput);
        AllFactsInInput = OptionIndex(QuizContract.FactsInInput, QuizContract.AllFactsInInput);
        EvaluationIndex = IndexOf(QuizContract.Evaluation);
        NoEvaluation = OptionIndex(QuizContract.Evaluation, QuizContract.NoEvaluation);
        DocumentsIndex = IndexOf(QuizContract.Documents);
        DocumentsToGather = new bool[DocumentsIndex < 0 ? 0 : questions[DocumentsIndex].Options.Count];
        foreach (var option in QuizContract.DocumentsToGather.Select(o => OptionIndex(QuizContract.Documents, o)).Where(i => i >= 0))
        {
            DocumentsToGather[option] = true;
        }

        // The exception applies only where prompting is a readiness line and every answer it names exists.
        var promptingIsReadiness = definition.Readiness.ToList().FindIndex(r => r.QuestionId == QuizContract.Prompting) >= 0;
        var exception = QuizContract.PromptingException.Select(p => (IndexOf(p.Question), OptionIndex(p.Question, p.Option))).ToArray();
        _promptingException = promptingIsReadiness && exception.All(p => p.Item2 >= 0) ? exception : [];
    }

    // What the plan and the timing read; -1 when this questionnaire has no such question or answer.
    public int GapIndex { get; }
    public int UnsureGap { get; }
    public int[] BehaviourGaps { get; }
    public int PromptingIndex { get; }
    public int PromptingExhausted { get; }
    public int FactsIndex { get; }
    public int AllFactsInInput { get; }
    public int EvaluationIndex { get; }
    public int NoEvaluation { get; }
    public int DocumentsIndex { get; }

    /// <summary>Per documents option: whether it puts <c>gather-sources</c> in the plan (<see cref="QuizPrinciples.RetrievalReadiness"/>).</summary>
    public bool[] DocumentsToGather { get; }

    /// <summary>Whether the plan, the timing or the prompting exception reads question <paramref name="q"/>.</summary>
    public bool Reads(int q) =>
        _promptingException.Any(p => p.Question == q)
        || q == GapIndex || q == PromptingIndex || q == FactsIndex || q == EvaluationIndex || q == DocumentsIndex;

    /// <summary>The exception of <see cref="QuizPrinciples.Readiness"/>: a hard limit, many examples and automated evaluation lift the prompting line.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool PromptingWaived(ReadOnlySpan<sbyte> answers)
    {
        if (_promptingException.Length == 0)
        {
            return false;
        }

        foreach (var (q, option) in _promptingException)
        {
            if (answers[q] != option)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><see cref="QuizPrinciples.ContradictionsDiagnosed"/>: a knowledge gap while every fact arrives with the request.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool FactsContradictGap(ReadOnlySpan<sbyte> answers) =>
        GapIndex >= 0 && FactsIndex >= 0 && answers[FactsIndex] >= 0 && answers[FactsIndex] == AllFactsInInput
        && answers[GapIndex] >= 0 && _knowledgeGap[answers[GapIndex]];

    /// <summary>Whether the documents answer puts <c>gather-sources</c> in the plan: scattered or none, and not set aside.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool GatherSources(ReadOnlySpan<sbyte> answers, ulong setAside) =>
        DocumentsIndex >= 0 && answers[DocumentsIndex] >= 0 && (setAside & (1UL << DocumentsIndex)) == 0 && DocumentsToGather[answers[DocumentsIndex]];
}
