using System.Globalization;
using System.Text;

namespace Decisioner.Web.Editing;

/// <summary>
/// Adds a reader-facing entry to a guide's <c>changes</c> list (newest first) and sets <c>updated</c> to the same
/// day, as the content check requires. Only the front matter's lines are touched; the rest of the text stays
/// byte for byte. A guide without front matter is returned unchanged (the check reports it).
/// </summary>
public static class ChangeEntry
{
    public static string Add(string text, DateOnly day, string note)
    {
        ArgumentNullException.ThrowIfNull(text);
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (lines.Count == 0 || lines[0].Trim() != "---")
        {
            return text;
        }

        var end = lines.FindIndex(1, l => l.Trim() == "---");
        if (end < 0)
        {
            return text;
        }

        var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var changes = lines.FindIndex(1, end - 1, l => l.StartsWith("changes:", StringComparison.Ordinal));
        // Items are written with the indentation the list already uses (two spaces when it has none yet).
        var indent = changes >= 0 && changes + 1 < end && lines[changes + 1].TrimStart().StartsWith('-')
            ? lines[changes + 1][..(lines[changes + 1].Length - lines[changes + 1].TrimStart().Length)]
            : "  ";
        string[] entry = [$"{indent}- date: {date}", $"{indent}  note: {Quoted(note)}"];
        if (changes >= 0)
        {
            // "changes:" followed by its items; an inline empty value ("changes: []") is replaced by a list.
            lines[changes] = "changes:";
            lines.InsertRange(changes + 1, entry);
            end += entry.Length;
        }
        else
        {
            lines.InsertRange(end, ["changes:", .. entry]);
            end += entry.Length + 1;
        }

        var updated = lines.FindIndex(1, end - 1, l => l.StartsWith("updated:", StringComparison.Ordinal));
        if (updated >= 0)
        {
            lines[updated] = "updated: " + date;
        }
        else
        {
            lines.Insert(end, "updated: " + date);
        }

        return string.Join(newline, lines);
    }

    /// <summary>A YAML double-quoted scalar: one line, with backslashes and quotes escaped.</summary>
    private static string Quoted(string note)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in note.Trim())
        {
            builder.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                _ when char.IsControl(c) => " ",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }
}
