using Decisioner.Core.Content;

namespace Decisioner.Core.Tests.Content;

/// <summary>A guide's <c>changes</c> list: read with the line of each entry, newest first, and every mistake reported where it is.</summary>
public sealed class GuideChangesTests
{
    private static (Guide? Guide, DiagnosticList Diagnostics) Load(string changes)
    {
        // Line 1 '---', 2 title, 3 summary, 4 updated, 5 'changes:', entries from line 6.
        var text = $"---\ntitle: T\nsummary: S\nupdated: 2026-11-30\nchanges:{changes}\n---\n\n## Section\n\nText.\n";
        var diagnostics = new DiagnosticList("guides/g.md");
        return (GuideLoader.Load("guides/g.md", text, diagnostics), diagnostics);
    }

    private static string Lines(IEnumerable<ContentDiagnostic> diagnostics) => string.Join('\n', diagnostics.Select(d => d.ToString()));

    [Fact]
    public void Changes_AreReadNewestFirst_WithTheLineOfEachDate_AndOneDaysEntriesKeepTheirOrder()
    {
        var (guide, diagnostics) = Load("""

              - date: 2026-05-12
                note: First published.
              - date: 2026-11-30
                note: Costs now cite each provider's own page.
              - date: 2026-11-30
                note: A worked example says it is a close call.
            """);

        diagnostics.Items.Should().BeEmpty();
        guide!.Changes.Should().Equal(
            new GuideChange(new DateOnly(2026, 11, 30), "Costs now cite each provider's own page.", 8),
            new GuideChange(new DateOnly(2026, 11, 30), "A worked example says it is a close call.", 10),
            new GuideChange(new DateOnly(2026, 5, 12), "First published.", 6));
    }

    [Fact]
    public void NoChanges_OrAnEmptyField_IsAnEmptyList()
    {
        Load("").Guide!.Changes.Should().BeEmpty();
        Load(" []").Guide!.Changes.Should().BeEmpty();

        var diagnostics = new DiagnosticList("guides/g.md");
        GuideLoader.Load("guides/g.md", "---\ntitle: T\nsummary: S\nupdated: 2026-11-30\n---\nBody\n", diagnostics)!.Changes.Should().BeEmpty();
        diagnostics.Items.Should().BeEmpty();
    }

    [Theory]
    // Not a list at all: the error is at the value.
    [InlineData(" yesterday", "guides/g.md:5:10: error: 'changes' must be a list (lines starting with '- ')")]
    [InlineData("\n  date: 2026-11-30\n  note: A mapping, not a list", "guides/g.md:6:3: error: 'changes' must be a list (lines starting with '- ')")]
    // An item that is a bare date instead of 'date:' and 'note:' lines.
    [InlineData("\n  - 2026-11-30", "guides/g.md:6:5: error: each item of 'changes' must be a 'date:' line and a 'note:' line")]
    // A missing field: the error is at the start of its entry.
    [InlineData("\n  - note: Something changed.", "guides/g.md:6:5: error: 'date' is required")]
    [InlineData("\n  - date: 2026-11-30", "guides/g.md:6:5: error: 'note' is required")]
    [InlineData("\n  - date: 2026-11-30\n    note: \"\"", "guides/g.md:7:11: error: 'note' must not be empty")]
    [InlineData("\n  - date: 2026-11-30\n    note: [two, lines]", "guides/g.md:7:11: error: 'note' must be a single line of text")]
    // A date not written YYYY-MM-DD, or no such day: the error is at the value.
    [InlineData("\n  - date: 30 November 2026\n    note: N", "guides/g.md:6:11: error: 'date' must be a date written as YYYY-MM-DD, not '30 November 2026'")]
    [InlineData("\n  - date: 2026-02-30\n    note: N", "guides/g.md:6:11: error: 'date' must be a date written as YYYY-MM-DD, not '2026-02-30'")]
    public void ABadEntry_IsAnErrorAtItsLineAndColumn_AndTheGuideIsNotServed(string changes, string expected)
    {
        var (guide, diagnostics) = Load(changes);

        guide.Should().BeNull("an error in the front matter keeps the last good version on the site");
        Lines(diagnostics.Items).Should().Contain(expected);
    }

    [Fact]
    public void AMisspeltKeyInAnEntry_IsAWarningAtTheKey_BesideTheMissingField()
    {
        var (_, diagnostics) = Load("\n  - date: 2026-11-30\n    notes: Typo.");

        Lines(diagnostics.Items).Should().Contain("guides/g.md:7:5: warning: unknown key 'notes' is ignored (known keys: date, note)")
            .And.Contain("guides/g.md:6:5: error: 'note' is required");
    }

    [Fact]
    public void RecentChanges_AreTheNewestAcrossGuides_OneDaysInTheGuidesReadingOrder()
    {
        static Guide GuideWith(string slug, int order, params (string Date, string Note)[] changes) => new()
        {
            Slug = slug,
            Title = slug,
            Summary = "S",
            Order = order,
            Updated = new DateOnly(2026, 11, 30),
            Html = "",
            SourcePath = $"guides/{slug}.md",
            Changes = [.. changes.Select((c, i) => new GuideChange(DateOnly.Parse(c.Date, System.Globalization.CultureInfo.InvariantCulture), c.Note, i + 6))],
        };

        var snapshot = new ContentSnapshot("root", SiteData.Fallback,
            [
                GuideWith("second", 2, ("2026-11-30", "b1"), ("2026-06-01", "b2")),
                GuideWith("first", 1, ("2026-11-30", "a1"), ("2026-01-01", "a2")),
                GuideWith("third", 3, ("2026-11-20", "c1")),
                GuideWith("none", 0),
            ],
            [], [], [], DateTimeOffset.UnixEpoch);

        snapshot.RecentChanges(4).Select(c => $"{c.Guide.Slug}:{c.Change.Note}").Should().Equal("first:a1", "second:b1", "third:c1", "second:b2");
        snapshot.RecentChanges(100).Should().HaveCount(5);
        snapshot.RecentChanges(0).Should().BeEmpty();
    }
}
