namespace Decisioner.Tests;

/// <summary>Rewrites a guide's <c>changes</c> list in its front matter, whatever list the shipped guide carries today.</summary>
internal static class GuideChanges
{
    /// <summary>The guide's text with <paramref name="updated"/> and these change lines (YAML, indented) in place of its own.</summary>
    public static string With(string text, string updated, string entries)
    {
        var lines = Without(text).Split('\n');
        var at = Array.FindIndex(lines, l => l.StartsWith("updated:", StringComparison.Ordinal));
        lines[at] = $"updated: {updated}\nchanges:\n{entries.TrimEnd('\n')}";
        return string.Join('\n', lines);
    }

    /// <summary>The guide's text with no <c>changes</c> list.</summary>
    public static string Without(string text)
    {
        var lines = text.Split('\n').ToList();
        var start = lines.IndexOf("changes:");
        if (start >= 0)
        {
            var end = lines.FindIndex(start + 1, l => !l.StartsWith(' '));
            lines.RemoveRange(start, end - start);
        }

        return string.Join('\n', lines);
    }
}
