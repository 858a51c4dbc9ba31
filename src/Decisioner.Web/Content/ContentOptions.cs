using System.ComponentModel.DataAnnotations;

namespace Decisioner.Web.Content;

/// <summary>Where the site reads its content and how it notices edits: the configuration section <c>Content</c>.</summary>
public sealed class ContentOptions
{
    public const string Section = "Content";

    /// <summary>
    /// The content folder, absolute or relative to the app's content root. When empty, the nearest
    /// <c>content/</c> folder holding a <c>site.yaml</c>, looking upwards from the content root, is used,
    /// so <c>dotnet run --project src/Decisioner.Web</c> serves the repository's content.
    /// </summary>
    public string? Root { get; set; }

    /// <summary>Reload when files under the folder change (on by default).</summary>
    public bool Watch { get; set; } = true;

    /// <summary>Look for changes by polling instead of file-system events, for mounts that send none.</summary>
    public bool UsePolling { get; set; }

    /// <summary>How often to poll, in milliseconds, when polling.</summary>
    [Range(50, 60_000, ErrorMessage = "Content:PollIntervalMs must be between {1} and {2} milliseconds.")]
    public int PollIntervalMs { get; set; } = 500;

    /// <summary>How long to wait after the last change event before reloading: one save often fires several.</summary>
    [Range(0, 10_000, ErrorMessage = "Content:DebounceMs must be between {1} and {2} milliseconds.")]
    public int DebounceMs { get; set; } = 150;
}
