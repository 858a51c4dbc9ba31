namespace Decisioner.Core.Search;

/// <summary>How many typing mistakes apart two words are, for matching a search word with a typo.</summary>
public static class EditDistance
{
    /// <summary>
    /// The optimal string alignment distance between <paramref name="a"/> and <paramref name="b"/>: the
    /// fewest inserted, deleted or changed letters and swaps of neighbouring letters, each counting one
    /// (Damerau-Levenshtein without editing a letter twice). Any result above <paramref name="limit"/>
    /// means only "further apart than that": the count stops as soon as that is certain.
    /// </summary>
    public static int Of(string a, string b, int limit)
    {
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var best = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    current[j] = Math.Min(current[j], previous2[j - 2] + 1);
                }

                best = Math.Min(best, current[j]);
            }

            if (best > limit)
            {
                return limit + 1;
            }

            (previous2, previous, current) = (previous, current, previous2);
        }

        return previous[b.Length];
    }
}
