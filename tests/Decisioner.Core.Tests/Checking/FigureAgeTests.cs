using Decisioner.Core.Checking;
using Decisioner.Core.Content;
using Decisioner.Tests;

namespace Decisioner.Core.Tests.Checking;

/// <summary>Dated figures ("[as of YYYY-MM-DD](source)") are flagged once older than site.yaml's figure-max-age-days.</summary>
public sealed class FigureAgeTests
{
    private static (CheckReport Report, string Text) Check(string body, string? siteSetting = null)
    {
        using var content = TempContent.CopyOfShipped();
        var guide = content.PathOf("guides/rag-vs-long-context.md");
        File.WriteAllText(guide, File.ReadAllText(guide).Replace("## Next step\n", "## Figures\n\n" + body + "\n\n## Next step\n", StringComparison.Ordinal));
        if (siteSetting is not null)
        {
            var site = content.PathOf("site.yaml");
            File.WriteAllText(site, File.ReadAllText(site).Replace("figure-max-age-days: 365", siteSetting, StringComparison.Ordinal));
        }

        var report = ContentCheck.Run(ContentLoader.Load(content.Root));
        return (report, string.Join('\n', report.Diagnostics.Select(d => d.ToString())));
    }

    private static string Days(int offset) => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(offset).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void ARecentFigure_IsQuiet_AnOldOneIsFlaggedWithItsAgeAndSource()
    {
        var (recent, _) = Check($"About $2 a million tokens ([as of {Days(-10)}](https://provider.example/pricing)).");
        var (old, text) = Check($"About $2 a million tokens ([as of {Days(-400)}](https://provider.example/pricing)).");

        // Only the figure added here is looked at: the shipped guides carry dated figures of their own, which age.
        recent.Diagnostics.Should().NotContain(d => d.Message.Contains("provider.example", StringComparison.Ordinal));
        text.Should().Contain($"guides/rag-vs-long-context.md:").And.Contain($"warning: figure dated {Days(-400)} is 400 days old (more than 365): check it against https://provider.example/pricing");
        old.ErrorCount.Should().Be(0, "an old figure is a warning: the page stays up");
    }

    [Fact]
    public void TheAge_IsTheEditorsSetting()
    {
        var (report, text) = Check($"A score ([as of {Days(-40)}](https://lab.example/results)).", "figure-max-age-days: 30");

        report.Diagnostics.Where(d => d.Message.Contains("lab.example", StringComparison.Ordinal)).Should().ContainSingle()
            .Which.Message.Should().Contain("is 40 days old (more than 30)");
    }

    [Theory]
    [InlineData("A price ([as of 28 November 2026](https://provider.example)).", "error: figure dated '28 November 2026': write the date as YYYY-MM-DD")]
    [InlineData("A price ([as of 2026-13-45](https://provider.example)).", "error: figure dated '2026-13-45': write the date as YYYY-MM-DD")]
    [InlineData("A price ([as of 2026-01-01](/guides/glossary)).", "error: figure dated 2026-01-01 links to '/guides/glossary': link it to the source")]
    public void AFigureWithoutAReadableDateOrASource_IsAnError(string body, string expected)
    {
        var (_, text) = Check(body);

        text.Should().Contain(expected);
    }

    [Fact]
    public void AFigureFromTheFuture_IsFlagged() =>
        Check($"A price ([as of {Days(30)}](https://provider.example)).").Text.Should().Contain("is in the future");
}
