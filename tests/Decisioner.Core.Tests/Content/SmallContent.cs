namespace Decisioner.Core.Tests.Content;

/// <summary>The smallest content that loads: a site file with one course, and guides of one section.</summary>
internal static class SmallContent
{
    public const string Site = "name: Test\ncourses:\n  - id: c\n    title: C\n    pitch: P\n    url: /courses#c\n";

    public static string Guide(string title) => $"---\ntitle: {title}\nsummary: S\nupdated: 2026-01-02\n---\n\n## Section\n\nText.\n";
}
