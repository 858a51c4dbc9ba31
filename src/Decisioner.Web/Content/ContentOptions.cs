namespace Decisioner.Web.Content;

/// <summary>Where the site reads its content: the configuration section <c>Content</c>.</summary>
public sealed class ContentOptions
{
    public const string Section = "Content";

    /// <summary>
    /// The content folder, absolute or relative to the app's content root. When empty, the nearest
    /// <c>content/</c> folder holding a <c>site.yaml</c>, looking upwards from the content root, is used,
    /// so <c>dotnet run --project src/Decisioner.Web</c> serves the repository's content.
    /// </summary>
    public string? Root { get; set; }
}
