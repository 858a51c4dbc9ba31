using Decisioner.Core.Content;
using Decisioner.Core.Tests.Content;
using Decisioner.Tests;

namespace Decisioner.Core.Tests.Checking;

/// <summary>The check keeps a guide's change dates true: none still to come, and the newest one is the guide's 'updated' day.</summary>
public sealed class ChangeDatesTests
{
    private static readonly DateOnly Today = new(2026, 11, 30);

    /// <summary>A clock stopped at noon on <see cref="Today"/>, so the rules are tried against a known day.</summary>
    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(Today.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
    }

    /// <summary>Loads a small content folder whose one guide has these 'updated' and 'changes' lines, and returns the guide's diagnostics.</summary>
    private static string Check(string updated, string changes)
    {
        // Line 1 '---', 2 title, 3 summary, 4 updated, 5 'changes:', entries from line 6.
        using var content = TempContent.Empty()
            .Write("site.yaml", SmallContent.Site)
            .Write("guides/g.md", $"---\ntitle: T\nsummary: S\nupdated: {updated}\nchanges:\n{changes}---\n\n## Section\n\nText.\n");

        var snapshot = ContentLoader.Load(content.Root, new FixedClock());

        snapshot.FindGuide("g").Should().NotBeNull("the check's findings about change dates do not take the page down");
        return string.Join('\n', snapshot.Files.Single(f => f.Path == "guides/g.md").Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void ChangesUpToTodayWhoseNewestIsTheUpdatedDay_AreQuiet() =>
        Check("2026-11-30", "  - date: 2026-05-12\n    note: First.\n  - date: 2026-11-30\n    note: Newest, written last.\n")
            .Should().BeEmpty("the list may be in any order: the newest entry is the one dated latest");

    [Fact]
    public void AChangeStillToCome_IsAWarningAtItsLine()
    {
        var text = Check("2026-12-05", "  - date: 2026-12-05\n    note: Tomorrow's news.\n  - date: 2026-12-01\n    note: Also early.\n  - date: 2026-11-30\n    note: Today.\n");

        text.Should().Contain("guides/g.md:6:1: warning: change dated 2026-12-05 is a day still to come")
            .And.Contain("guides/g.md:8:1: warning: change dated 2026-12-01 is a day still to come")
            .And.NotContain("2026-11-30 is a day still to come");
    }

    [Fact]
    public void ANewestChangeAfterUpdated_IsAnErrorAtUpdated_SayingToMoveUpdated() =>
        Check("2026-11-28", "  - date: 2026-11-28\n    note: Older.\n  - date: 2026-11-30\n    note: Newer.\n")
            .Should().Be("guides/g.md:4:1: error: 'updated' is 2026-11-28 but the newest change (line 8) is dated 2026-11-30: set 'updated' to 2026-11-30");

    [Fact]
    public void AnUpdatedDayWithNoChange_IsAnErrorAtTheNewestChange_SayingWhatToAdd() =>
        Check("2026-11-30", "  - date: 2026-11-28\n    note: The last change written down.\n")
            .Should().Be("guides/g.md:6:1: error: the newest change is dated 2026-11-28 but 'updated' (line 4) is 2026-11-30: add a change dated 2026-11-30 saying what changed for readers, or set 'updated' back to 2026-11-28");
}
