using System.Runtime.CompilerServices;
using Decisioner.Core.Questionnaires;

namespace Decisioner.Core.Scoring;

/// <summary>Receives one answer set as option indexes; the span is reused, so copy it to keep it.</summary>
public delegate void ChoicesVisitor(ReadOnlySpan<sbyte> choices);

/// <summary>Walks sets of answers: every complete set, or every set inside given bounds.</summary>
public static class AnswerSpace
{
    /// <summary>How many complete answer sets there are (every question answered).</summary>
    public static long CompleteCount(Questionnaire questionnaire)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        return questionnaire.Questions.Aggregate(1L, (n, q) => n * q.Options.Count);
    }

    /// <summary>Visits every complete answer set, in odometer order, without allocating per set.</summary>
    public static void ForEachComplete(Questionnaire questionnaire, ChoicesVisitor visit)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        var allowed = questionnaire.Questions.Select(q => Enumerable.Range(0, q.Options.Count).Select(i => (sbyte)i).ToArray()).ToArray();
        ForEach(allowed, visit);
    }

    /// <summary>Visits every combination of the allowed choices per question (-1 stands for unanswered).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ForEach(IReadOnlyList<sbyte[]> allowed, ChoicesVisitor visit)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        ArgumentNullException.ThrowIfNull(visit);
        if (allowed.Any(a => a.Length == 0))
        {
            return;
        }

        var position = new int[allowed.Count];
        Span<sbyte> choices = stackalloc sbyte[allowed.Count];
        for (var q = 0; q < allowed.Count; q++)
        {
            choices[q] = allowed[q][0];
        }

        while (true)
        {
            visit(choices);
            var q = allowed.Count - 1;
            while (q >= 0)
            {
                if (++position[q] < allowed[q].Length)
                {
                    choices[q] = allowed[q][position[q]];
                    break;
                }

                position[q] = 0;
                choices[q] = allowed[q][0];
                q--;
            }

            if (q < 0)
            {
                return;
            }
        }
    }
}
