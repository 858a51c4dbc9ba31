using Decisioner.Core.Questionnaires;
using Decisioner.Core.Scoring;

namespace Decisioner.Tests;

/// <summary>
/// Shipped personas whose printed results differ most: the longest plan, the longest link (most answers),
/// the fewest answers, and one of each outcome. Chosen from the content, so a new persona with a longer
/// plan is the one tested from then on.
/// </summary>
internal static class HandoutPersonas
{
    public sealed record Example(string Why, string PersonaName, string ResultPath, Recommendation Result);

    public static IReadOnlyList<Example> Varied()
    {
        var quiz = ShippedQuiz.Questionnaire;
        var all = ShippedQuiz.Content.PersonasFor(quiz.Id)
            .Select(persona =>
            {
                var query = string.Join("&", persona.Answers.Select(a => $"{Uri.EscapeDataString(a.Key)}={Uri.EscapeDataString(a.Value)}"));
                var address = QuizAddress.Parse(quiz, QuizAddress.ResultPath(quiz) + "?" + query).Address;
                return new Example("", persona.Name, address.ResultUrl(), ScoringEngine.Recommend(address.Answers));
            })
            .ToList();

        static int PlanLength(Recommendation result) => result.Plan.Sum(item => item.Info.Text.Length + item.Why.Length);

        var picked = new List<Example>
        {
            all.MaxBy(e => PlanLength(e.Result))! with { Why = "the longest plan" },
            all.MaxBy(e => e.ResultPath.Length)! with { Why = "the longest link" },
            all.MinBy(e => e.Result.Answers.AnsweredCount)! with { Why = "the fewest answers" },
        };
        foreach (var outcome in Outcomes.All)
        {
            if (!picked.Exists(e => e.Result.Outcome == outcome) && all.Find(e => e.Result.Outcome == outcome) is { } example)
            {
                picked.Add(example with { Why = "an outcome of " + outcome.Id() });
            }
        }

        return [.. picked.DistinctBy(e => e.PersonaName)];
    }
}
