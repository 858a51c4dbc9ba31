namespace Decisioner.Core.Content;

/// <summary>A comparison guide: its front matter and its body, rendered to HTML once, when loaded.</summary>
public sealed record Guide
{
    public required string Slug { get; init; }
    public required string Title { get; init; }
    public required string Summary { get; init; }
    public string Category { get; init; } = "";
    public string Difficulty { get; init; } = "";
    public IReadOnlyList<string> Audience { get; init; } = [];
    public required DateOnly Updated { get; init; }
    public IReadOnlyList<string> Authors { get; init; } = [];
    public IReadOnlyList<string> Reviewers { get; init; } = [];
    public int Order { get; init; } = int.MaxValue;
    public IReadOnlyList<string> Related { get; init; } = [];

    /// <summary>The line of the <c>related</c> field, for diagnostics.</summary>
    public int RelatedLine { get; init; } = 1;

    /// <summary>The line of the <c>updated</c> field, for diagnostics.</summary>
    public int UpdatedLine { get; init; } = 1;

    /// <summary>What changed for readers, newest first (entries of one day keep the file's order).</summary>
    public IReadOnlyList<GuideChange> Changes { get; init; } = [];
    public required string Html { get; init; }

    /// <summary>Minutes to read the body at about 200 words a minute, at least 1.</summary>
    public int ReadingMinutes { get; init; } = 1;
    public IReadOnlyList<TocEntry> Toc { get; init; } = [];
    public IReadOnlySet<string> HeadingIds { get; init; } = new HashSet<string>();
    public IReadOnlyList<GuideLink> Links { get; init; } = [];

    /// <summary>The guide's text under each heading, as plain text, for search; the first is the text before any heading.</summary>
    public IReadOnlyList<GuideSection> Sections { get; init; } = [];

    /// <summary>The file it came from, relative to the content folder.</summary>
    public required string SourcePath { get; init; }

    public string Path => PathFor(Slug);

    public static string PathFor(string slug) => "/guides/" + slug;
}

/// <summary>One entry of a guide's <c>changes</c> list: the day, and one plain line saying what changed for readers.</summary>
/// <param name="Line">The line of the entry's <c>date</c> in the guide file, for diagnostics.</param>
public sealed record GuideChange(DateOnly Date, string Note, int Line);

/// <summary>A change with the guide it belongs to, for the site's "Recently updated" lists.</summary>
public sealed record RecentChange(Guide Guide, GuideChange Change);
