using Decisioner.Core.Checking;
using Decisioner.Core.Content;
using Decisioner.Tests;

namespace Decisioner.Core.Tests.Checking;

/// <summary>A guide whose 'updated' date is older than site.yaml's guide-review-age-days is flagged for a read-through.</summary>
public sealed class ReviewAgeTests
{
    private static string Days(int offset) => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(offset).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static (CheckReport Report, string Text) Check(string updated, string? siteSetting = null)
    {
        using var content = TempContent.CopyOfShipped();
        var guide = content.PathOf("guides/rag-vs-long-context.md");
        var text = File.ReadAllText(guide);
        var line = text.Split('\n').First(l => l.StartsWith("updated:", StringComparison.Ordinal));
        File.WriteAllText(guide, text.Replace(line, "updated: " + updated, StringComparison.Ordinal));
        if (siteSetting is not null)
        {
            var site = content.PathOf("site.yaml");
            File.WriteAllText(site, File.ReadAllText(site).Replace("guide-review-age-days: 365", siteSetting, StringComparison.Ordinal));
        }

        var report = ContentCheck.Run(ContentLoader.Load(content.Root));
        return (report, string.Join('\n', report.Diagnostics.Select(d => d.ToString())));
    }

    [Fact]
    public void ARecentGuide_IsQuiet_AnOldOneIsFlaggedAtItsUpdatedLine()
    {
        var (recent, recentText) = Check(Days(-30));
        var (old, text) = Check(Days(-400));

        recentText.Should().NotContain("rag-vs-long-context.md:9:1: warning: last updated");
        text.Should().Contain($"guides/rag-vs-long-context.md:9:1: warning: last updated {Days(-400)}, 400 days ago (more than 365): read it through");
        old.ErrorCount.Should().Be(recent.ErrorCount, "a guide due for review is still served");
    }

    [Fact]
    public void TheAge_IsTheEditorsSetting_AndMustBePositive()
    {
        Check(Days(-40), "guide-review-age-days: 30").Text.Should().Contain("40 days ago (more than 30)");
        Check(Days(-40), "guide-review-age-days: 0").Text.Should().Contain("'guide-review-age-days' must be at least 1");
    }

    [Fact]
    public void AnUpdatedDateStillToCome_IsFlagged() =>
        Check(Days(20)).Text.Should().Contain("a day still to come");
}
