using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Decisioner.Core.Content;
using Decisioner.Core.Questionnaires;

namespace Decisioner.Web.Editing;

/// <summary>
/// The files an editor may open and publish, named by their path under the content folder. A path is
/// accepted only if it has one of a few exact shapes (<c>site.yaml</c>, <c>guides/NAME.md</c>,
/// <c>questionnaires/NAME.yaml</c>, <c>personas/NAME.yaml</c>, <c>emails/result.md</c>, where NAME is lower-case
/// letters, digits and hyphens), so no encoding, separator or dot can lead outside the folder. The check runs
/// on the text as given, before any file is touched; nothing is decoded or normalised first.
/// </summary>
public static partial class EditablePath
{
    public const string Reason =
        "Only site.yaml, emails/result.md and files named like guides/NAME.md, questionnaires/NAME.yaml or personas/NAME.yaml " +
        "(NAME in lower-case letters, digits and hyphens) can be edited.";

    /// <summary>Longest accepted path.</summary>
    public const int MaxLength = 120;

    public static bool TryParse(string? raw, [NotNullWhen(true)] out string? path)
    {
        path = null;
        if (string.IsNullOrEmpty(raw) || raw.Length > MaxLength || !Shape().IsMatch(raw))
        {
            return false;
        }

        path = raw;
        return true;
    }

    /// <summary>The file's full path, checked once more to lie inside <paramref name="root"/>.</summary>
    public static string FullPath(string root, string path)
    {
        if (!TryParse(path, out var checkedPath))
        {
            throw new ArgumentException(Reason, nameof(path));
        }

        var rootFull = Path.GetFullPath(root);
        var full = Path.GetFullPath(Path.Combine(rootFull, checkedPath));
        if (!full.StartsWith(Path.TrimEndingDirectorySeparator(rootFull) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException(Reason, nameof(path));
        }

        return full;
    }

    public static EditableKind KindOf(string path) =>
        path == SiteDataLoader.FileName ? EditableKind.Site
        : path.StartsWith(ContentLoader.GuidesFolder + "/", StringComparison.Ordinal) ? EditableKind.Guide
        : path.StartsWith(QuestionnaireLoader.Folder + "/", StringComparison.Ordinal) ? EditableKind.Quiz
        : path.StartsWith(PersonaLoader.Folder + "/", StringComparison.Ordinal) ? EditableKind.Personas
        : EditableKind.Email;

    /// <summary>The path of a new guide with this slug.</summary>
    public static string ForGuide(string slug) => $"{ContentLoader.GuidesFolder}/{slug}.md";

    public static bool IsSlug(string? slug) => slug is { Length: > 0 and <= 80 } && Slug().IsMatch(slug);

    [GeneratedRegex(@"\A(?:site\.yaml|emails/result\.md|guides/[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?\.md|(?:questionnaires|personas)/[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?\.yaml)\z", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    [GeneratedRegex(@"\A[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Slug();
}

public enum EditableKind
{
    Site,
    Guide,
    Quiz,
    Personas,
    Email,
}
