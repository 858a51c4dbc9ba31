namespace Decisioner.Core.Content;

/// <summary>Small text helpers shared by the pages, the API and the content messages.</summary>
public static class Text
{
    /// <summary>The text as it is when it fits in <paramref name="max"/> characters, else cut to fit with "..." at the end.</summary>
    public static string Shorten(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= max ? text : text[..(max - 3)] + "...";
    }
}
