using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace Decisioner.Web.Editing;

/// <summary>One line of a difference: added, removed or unchanged, with its line numbers on each side.</summary>
public sealed record DiffLine(ChangeType Type, string Text, int? OldLine, int? NewLine);

/// <summary>A run of changed lines with a little unchanged context around it.</summary>
public sealed record DiffHunk(IReadOnlyList<DiffLine> Lines);

/// <summary>Line-by-line differences between two texts (DiffPlex), and whether a change is small enough to be a typo.</summary>
public static class TextChanges
{
    public static IReadOnlyList<DiffHunk> Hunks(string? before, string? after, int context = 2)
    {
        var model = InlineDiffBuilder.Diff(before ?? "", after ?? "", ignoreWhiteSpace: false);
        var lines = new List<DiffLine>(model.Lines.Count);
        int oldLine = 0, newLine = 0;
        foreach (var piece in model.Lines)
        {
            lines.Add(piece.Type switch
            {
                ChangeType.Inserted => new DiffLine(ChangeType.Inserted, piece.Text, null, ++newLine),
                ChangeType.Deleted => new DiffLine(ChangeType.Deleted, piece.Text, ++oldLine, null),
                _ => new DiffLine(ChangeType.Unchanged, piece.Text, ++oldLine, ++newLine),
            });
        }

        // Keep changed lines and `context` lines either side; each unbroken run is a hunk.
        var keep = new bool[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Type != ChangeType.Unchanged)
            {
                for (var j = Math.Max(0, i - context); j <= Math.Min(lines.Count - 1, i + context); j++)
                {
                    keep[j] = true;
                }
            }
        }

        var hunks = new List<DiffHunk>();
        List<DiffLine>? current = null;
        for (var i = 0; i < lines.Count; i++)
        {
            if (!keep[i])
            {
                current = null;
                continue;
            }

            if (current is null)
            {
                current = [];
                hunks.Add(new DiffHunk(current));
            }

            current.Add(lines[i]);
        }

        return hunks;
    }

    /// <summary>
    /// A change readers need not be told about: at most two lines changed, by at most a dozen characters in all
    /// (a typo, a comma). Anything bigger goes into the guide's "What changed" list unless the editor says no.
    /// </summary>
    public static bool IsSmall(string? before, string? after)
    {
        var model = InlineDiffBuilder.Diff(before ?? "", after ?? "", ignoreWhiteSpace: false);
        var removed = model.Lines.Where(l => l.Type == ChangeType.Deleted).Select(l => l.Text).ToList();
        var added = model.Lines.Where(l => l.Type == ChangeType.Inserted).Select(l => l.Text).ToList();
        if (removed.Count > 2 || added.Count > 2 || removed.Count != added.Count)
        {
            return false;
        }

        var distance = 0;
        for (var i = 0; i < removed.Count; i++)
        {
            distance += Decisioner.Core.Search.EditDistance.Of(removed[i], added[i], limit: 13);
        }

        return distance <= 12;
    }
}
