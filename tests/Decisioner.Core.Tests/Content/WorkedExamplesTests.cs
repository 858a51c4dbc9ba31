using System.Text.RegularExpressions;
using Decisioner.Core.Content;
using Decisioner.Core.Questionnaires;
using Decisioner.Core.Scoring;
using Decisioner.Tests;

namespace Decisioner.Core.Tests.Content;

/// <summary>The worked examples quote the quiz's headline for their answers: a weight change that moves one must not leave the guide saying otherwise.</summary>
public sealed partial class WorkedExamplesTests
{
    [Fact]
    public void EveryResultLink_IsLabelledWithTheHeadlineTheQuizGivesNow()
    {
        var content = ContentLoader.Load(TestPaths.Content);
        var quiz = content.FindQuestionnaire(QuizContract.QuestionnaireId)!;
        var text = File.ReadAllText(Path.Combine(TestPaths.Content, "guides", "worked-examples.md"));

        var links = ResultLinkRegex().Matches(text);

        links.Should().NotBeEmpty().And.HaveCount(Regex.Count(text, @"/quiz/rag-vs-fine-tuning/result\?"), "every result link is a labelled link this test reads");
        foreach (Match link in links)
        {
            var (address, parsed) = QuizAddress.Parse(quiz, link.Groups["url"].Value);
            parsed.Problems.Should().BeEmpty(link.Value);
            ScoringEngine.Recommend(address.Answers).Headline.Should().Be(link.Groups["label"].Value, link.Groups["url"].Value);
        }
    }

    [Fact]
    public void AResultTheQuizCallsClose_IsCalledACloseCall_WithTheLeadTheQuizGives()
    {
        var content = ContentLoader.Load(TestPaths.Content);
        var quiz = content.FindQuestionnaire(QuizContract.QuestionnaireId)!;
        var text = File.ReadAllText(Path.Combine(TestPaths.Content, "guides", "worked-examples.md"));

        foreach (Match link in ResultLinkRegex().Matches(text))
        {
            var result = ScoringEngine.Recommend(QuizAddress.Parse(quiz, link.Groups["url"].Value).Address.Answers);
            var bullet = BulletAround(text, link.Index);
            var lead = LeadRegex().Match(bullet);

            bullet.Contains("close call", StringComparison.OrdinalIgnoreCase).Should().Be(result.Clarity == Clarity.Close,
                "the example calls a result a close call exactly when the quiz does (lead {0}): {1}", result.Margin, link.Groups["label"].Value);
            if (result.Clarity == Clarity.Close)
            {
                lead.Success.Should().BeTrue("a close call gives its lead: {0}", link.Groups["label"].Value);
            }
            if (lead.Success)
            {
                int.Parse(lead.Groups["points"].Value, System.Globalization.CultureInfo.InvariantCulture).Should().Be(result.Margin, link.Groups["label"].Value);
            }
        }
    }

    /// <summary>The list item (or paragraph) the link sits in: from the bullet before it to the next bullet or blank line.</summary>
    private static string BulletAround(string text, int index)
    {
        var start = text.LastIndexOf("\n- ", index, StringComparison.Ordinal);
        var ends = new[] { text.IndexOf("\n- ", index, StringComparison.Ordinal), text.IndexOf("\n\n", index, StringComparison.Ordinal) }.Where(i => i >= 0).ToList();
        var end = ends.Count == 0 ? text.Length : ends.Min();
        return text[(start < 0 ? 0 : start)..end];
    }

    [GeneratedRegex(@"\[(?<label>[^\]]+)\]\((?<url>/quiz/rag-vs-fine-tuning/result\?[^)]+)\)")]
    private static partial Regex ResultLinkRegex();

    [GeneratedRegex(@"leads by (?<points>\d+) points?")]
    private static partial Regex LeadRegex();
}
