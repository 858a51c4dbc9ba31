using Decisioner.Core.Content;
using Decisioner.Core.Questionnaires;
using Decisioner.Tests;

namespace Decisioner.Core.Tests.Questionnaires;

/// <summary>The one type that reads and writes the quiz's address: what it writes, it reads back.</summary>
public sealed class QuizAddressTests
{
    private static readonly Questionnaire Quiz = ContentLoader.Load(TestPaths.Content).FindQuestionnaire(QuizContract.QuestionnaireId)!;

    [Fact]
    public void TheQuizAndResultPaths_ReadBackToTheirQuiz_AndNoOtherPathDoes()
    {
        QuizAddress.TryReadPath(QuizAddress.QuizPath(Quiz), out var id, out var isResult).Should().BeTrue();
        (id, isResult).Should().Be((Quiz.Id, false));
        QuizAddress.TryReadPath(QuizAddress.ResultPath(Quiz), out id, out isResult).Should().BeTrue();
        (id, isResult).Should().Be((Quiz.Id, true));

        foreach (var other in new[] { "/", "/quiz/", "/quiz//result", "/quiz/a/b", "/guides/x", "/quiz", "/api/questionnaires/x" })
        {
            QuizAddress.TryReadPath(other, out _, out _).Should().BeFalse(other);
        }
    }

    [Fact]
    public void PresenterMode_ReadAlone_AgreesWithTheFullReading()
    {
        foreach (var url in new[] { "/quiz/x?presenter=1", "/quiz/x?gap=behavior&presenter=true", "/quiz/x?presenter=0", "/quiz/x?presenterx=1", "/quiz/x", "/quiz/x?at=presenter" })
        {
            QuizAddress.IsPresenter(url).Should().Be(QuizAddress.Parse(Quiz, url).Address.Presenter, url);
        }
    }

    [Fact]
    public void Write_PutsAnswersInQuestionOrder_AfterTheQuestionOnScreen_AndPresenterLast()
    {
        var (address, _) = QuizAddress.Parse(Quiz, "/quiz/rag-vs-fine-tuning?examples=50-500&presenter=1&gap=behavior&at=prompting");

        address.QuizUrl().Should().Be("/quiz/rag-vs-fine-tuning?at=prompting&gap=behavior&examples=50-500&presenter=1");
        address.ResultUrl().Should().Be("/quiz/rag-vs-fine-tuning/result?gap=behavior&examples=50-500&presenter=1");
        (address with { Presenter = false }).ResultUrl().Should().Be("/quiz/rag-vs-fine-tuning/result?gap=behavior&examples=50-500");
        new QuizAddress(AnswerSet.Empty(Quiz)).QuizUrl().Should().Be("/quiz/rag-vs-fine-tuning");
    }

    [Fact]
    public void ReadBackWhatItWrote_ForEveryQuestionAndOption()
    {
        foreach (var question in Quiz.Questions)
        {
            foreach (var option in question.Options)
            {
                var written = new QuizAddress(AnswerSet.Empty(Quiz).With(question, option), question, Presenter: true);
                var (read, parsed) = QuizAddress.Parse(Quiz, "https://example.test" + written.QuizUrl() + "#plan-title");

                parsed.Problems.Should().BeEmpty();
                read.Answers.Should().Be(written.Answers);
                read.At.Should().Be(question);
                read.Presenter.Should().BeTrue();
            }
        }
    }

    [Fact]
    public void UnknownKeysAndValues_AreProblems_NotErrors_AndReservedKeysAreNotAnswers()
    {
        var (address, parsed) = QuizAddress.Parse(Quiz, "/quiz/rag-vs-fine-tuning/result?gap=sideways&colour=blue&presenter=yes&at=nowhere&examples=over-500&examples=none");

        address.Answers.ToString().Should().Be("examples=over-500");
        address.At.Should().BeNull();
        address.Presenter.Should().BeFalse();
        parsed.Problems.Select(p => p.Kind).Should().Equal(AnswerProblemKind.UnknownOption, AnswerProblemKind.UnknownQuestion, AnswerProblemKind.Repeated);
    }

    [Theory]
    [InlineData("/quiz/rag-vs-fine-tuning/result?gap=behavior+", "'behavior ' is not an answer")]
    [InlineData("/quiz/rag-vs-fine-tuning/result?gap=%ZZ", "'%ZZ' is not an answer")]
    [InlineData("/quiz/rag-vs-fine-tuning/result?%67ap=behavior&&=x", "'' is not a question")]
    public void OddlyEncodedLinks_StillParse(string uri, string problem)
    {
        var (_, parsed) = QuizAddress.Parse(Quiz, uri);

        parsed.Problems.Select(p => p.Describe()).Should().Contain(d => d.StartsWith(problem, StringComparison.Ordinal));
    }
}
