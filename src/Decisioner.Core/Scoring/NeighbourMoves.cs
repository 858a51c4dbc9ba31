using System.Runtime.CompilerServices;
using Decisioner.Core.Questionnaires;

namespace Decisioner.Core.Scoring;

/// <summary>
/// <see cref="QuizPrinciples.Monotone"/> and <see cref="QuizPrinciples.FactsInInput"/> for
/// <see cref="ContractPrinciples"/>: what happens to the outcome when an answer moves one step up its order.
/// An order is a lookup from an option index to the next stronger option (-1 at the top or off the order).
/// </summary>
internal static class NeighbourMoves
{
    /// <summary>
    /// Moves each question one step up its order, in place in <paramref name="scratch"/> (a copy of the
    /// set), and returns the first whose move loses the side (<paramref name="keepFineTuning"/> true or
    /// false) or, when null, changes the outcome at all.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string? Moved(Questionnaire questionnaire, ReadOnlySpan<sbyte> choices, in Tally tally, sbyte[] scratch, (int Question, sbyte[] Up)[] orders, Outcome outcome, bool? keepFineTuning)
    {
        foreach (var (question, up) in orders)
        {
            var from = choices[question];
            var next = up[from];
            if (next < 0)
            {
                continue;
            }

            Outcome moved;
            if (questionnaire.Kernel.IsSetAsideTrigger(question))
            {
                scratch[question] = next;
                moved = ScoringEngine.Decide(questionnaire, scratch);
                scratch[question] = from;
            }
            else
            {
                // Every other move only swaps one answer's weights and rules: count the set once, then add.
                moved = ScoringEngine.DecideChanged(questionnaire, tally, question, from, next);
            }

            var lost = keepFineTuning switch
            {
                true => !moved.UsesFineTuning(),
                false => !moved.UsesRag(),
                null => moved != outcome,
            };
            if (lost)
            {
                return questionnaire.Questions[question].Id;
            }
        }

        return null;
    }
}
