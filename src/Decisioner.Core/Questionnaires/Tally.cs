namespace Decisioner.Core.Questionnaires;

/// <summary>
/// The totals of an answer set kept apart per rule, so that the outcome with one answer changed costs a
/// few additions instead of a new pass over every answer (the whole-space check asks millions of times).
/// </summary>
/// <param name="SetAside">The questions set aside, one bit per question; <paramref name="SetAsideRules"/> the rules that set them aside, one bit per rule.</param>
internal readonly record struct Tally(OutcomeScores Scores, int ForbidFineTuning, int ForbidBoth, ulong SetAside, ulong SetAsideRules)
{
    /// <summary>The outcomes the gates rule out, one bit per outcome.</summary>
    public byte Forbidden => QuestionnaireKernel.ForbiddenMask(ForbidFineTuning, ForbidBoth);
}
