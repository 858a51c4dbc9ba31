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

    [GeneratedRegex(@"\[(?<label>[^\]]+)\]\((?<url>/quiz/rag-vs-fine-tuning/result\?[^)]+)\)")]
    private static partial Regex ResultLinkRegex();
}
