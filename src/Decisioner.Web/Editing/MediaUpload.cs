using System.Globalization;
using System.Text;

namespace Decisioner.Web.Editing;

/// <summary>
/// The words of an image upload, which need no request: a safe stem for the saved file's name, and the alt
/// text of the markdown handed back.
/// </summary>
public static class MediaUpload
{
    /// <summary>Longest stem kept from an uploaded name, before any suffix.</summary>
    public const int MaxStemLength = 60;

    /// <summary>Longest alt text kept.</summary>
    public const int MaxAltLength = 200;

    private static readonly string[] ReservedOnWindows =
    [
        "con", "prn", "aux", "nul",
        "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
        "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
    ];

    /// <summary>
    /// The stem of a saved file, from the name it was uploaded with: lower-case ASCII letters, digits and
    /// single hyphens, at most <see cref="MaxStemLength"/> characters. Percent escapes are decoded once and
    /// every folder part dropped, as is the extension the name claims; accents are dropped from letters and
    /// anything else becomes a hyphen. A name with nothing left, or one Windows keeps for a device
    /// (<c>CON</c>, <c>LPT1</c>), becomes "image" or gets "-image" added.
    /// </summary>
    public static string SafeStem(string? uploadedName)
    {
        var name = Uri.UnescapeDataString(uploadedName ?? "");
        name = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
        var dot = name.LastIndexOf('.');
        if (dot > 0)
        {
            name = name[..dot];
        }

        var stem = new StringBuilder(name.Length);
        foreach (var c in Decompose(name))
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                stem.Append(c);
            }
            else if (c is >= 'A' and <= 'Z')
            {
                stem.Append(char.ToLowerInvariant(c));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                // The accent of a letter already written: "é" is "e" and this mark.
            }
            else if (stem.Length > 0 && stem[^1] != '-')
            {
                stem.Append('-');
            }
        }

        var safe = stem.ToString().Trim('-');
        if (safe.Length > MaxStemLength)
        {
            safe = safe[..MaxStemLength].TrimEnd('-');
        }

        if (safe.Length == 0)
        {
            return "image";
        }

        return ReservedOnWindows.Contains(safe, StringComparer.Ordinal) ? safe + "-image" : safe;
    }

    /// <summary>
    /// The alt text of the markdown: the one given, on one line, without the brackets and backslashes that
    /// would end or escape it; when none is given, the file's stem in words.
    /// </summary>
    public static string AltText(string? given, string stem)
    {
        var alt = new StringBuilder();
        foreach (var c in given ?? "")
        {
            if (c is '[' or ']' or '\\')
            {
                continue;
            }

            var space = char.IsWhiteSpace(c) || char.IsControl(c);
            if (space && (alt.Length == 0 || alt[^1] == ' '))
            {
                continue;
            }

            alt.Append(space ? ' ' : c);
        }

        var text = alt.ToString().Trim();
        if (text.Length > MaxAltLength)
        {
            text = text[..MaxAltLength].TrimEnd();
        }

        return text.Length > 0 ? text : stem.Replace('-', ' ');
    }

    private static string Decompose(string name)
    {
        try
        {
            return name.Normalize(NormalizationForm.FormKD);
        }
        catch (ArgumentException)
        {
            // Not valid Unicode (a lone surrogate): each odd character becomes a hyphen as it is.
            return name;
        }
    }
}
