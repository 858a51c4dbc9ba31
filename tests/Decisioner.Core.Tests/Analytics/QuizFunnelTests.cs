using Decisioner.Core.Analytics;
using Decisioner.Core.Content;
using Decisioner.Core.Questionnaires;
using Decisioner.Tests;

namespace Decisioner.Core.Tests.Analytics;

/// <summary>What one step through the quiz adds to the counters, with no identifier: the rules behind the staff figures.</summary>
public sealed class QuizFunnelTests
{
    private static readonly Questionnaire Quiz = ContentLoader.Load(TestPaths.Content).FindQuestionnaire("rag-vs-fine-tuning")!;

    private sealed class Counts : IQuizCounts
    {
        public Dictionary<(string Metric, string Key, bool Presenter), long> All { get; } = [];

        public void Add(string metric, string key, long delta, bool presenter) =>
            All[(metric, key, presenter)] = All.GetValueOrDefault((metric, key, presenter)) + delta;

        public long this[string metric, string key = "", bool presenter = false] => All.GetValueOrDefault((metric, key, presenter));
    }

    private static QuizAddress At(int question, params int[] answers)
    {
        var set = AnswerSet.Empty(Quiz);
        for (var i = 0; i < answers.Length; i++)
        {
            if (answers[i] >= 0)
            {
                set = set.With(Quiz.Questions[i], Quiz.Questions[i].Options[answers[i]]);
            }
        }

        return new QuizAddress(set, question < 0 ? null : Quiz.Questions[question]);
    }

    [Fact]
    public void DropPoint_IsTheFirstUnansweredQuestionAfterTheLastAnsweredOne_BeforeTheOneOnScreen()
    {
        QuizFunnel.DropPoint(At(0)).Should().Be(Quiz.Questions[0]);
        QuizFunnel.DropPoint(At(3, 0, 1, 0)).Should().Be(Quiz.Questions[3]);
        QuizFunnel.DropPoint(At(3, 0, -1, -1)).Should().Be(Quiz.Questions[1], "the second question was skipped after the last answer");
        QuizFunnel.DropPoint(At(3, 0, 1, 0, 2)).Should().Be(Quiz.Questions[3], "a choice on the question on screen is not given until the visitor goes on");
    }

    [Fact]
    public void AWholeSession_LeavesNoDropOff_AndOneOfEachCount()
    {
        var counts = new Counts();
        var here = QuizStop.Question(At(-1));
        var answers = new int[Quiz.Questions.Count];
        for (var i = 0; i < Quiz.Questions.Count; i++)
        {
            var next = QuizStop.Question(At(i, answers[..i]));
            QuizFunnel.Step(here, next, counts);
            here = next;
        }

        QuizFunnel.Step(here, QuizStop.Result(At(-1, answers)), counts);

        counts["start"].Should().Be(1);
        counts["completed"].Should().Be(1);
        counts.All.Where(c => c.Key.Metric == "shown").Should().HaveCount(Quiz.Questions.Count).And.OnlyContain(c => c.Value == 1);
        counts.All.Where(c => c.Key.Metric == "answered").Sum(c => c.Value).Should().Be(Quiz.Questions.Count);
        counts.All.Where(c => c.Key.Metric == "drop-off").Sum(c => c.Value).Should().Be(0);
    }

    [Fact]
    public void ResultsOpenedFromElsewhere_OrFromAnotherResult_AreToldApart_AndCompleteNothing()
    {
        var counts = new Counts();

        QuizFunnel.Step(null, QuizStop.Result(At(-1, 0)), counts);
        QuizFunnel.Step(QuizStop.Result(At(-1, 0)), QuizStop.Result(At(-1, 1)), counts);

        counts["link-opened"].Should().Be(1);
        counts["what-if"].Should().Be(1);
        counts["completed"].Should().Be(0);
    }

    [Fact]
    public void TheSameQuestionAgain_IsNoStep_AndGoingBackCountsNoAnswer()
    {
        var counts = new Counts();

        QuizFunnel.Step(QuizStop.Question(At(2, 0, 0)), QuizStop.Question(At(2, 0, 0) with { Presenter = true }), counts);
        QuizFunnel.Step(QuizStop.Question(At(2, 0, 0)), QuizStop.Question(At(1, 0, 0)), counts);

        counts.All.Where(c => c.Key.Metric is "answered" or "skipped").Should().BeEmpty();
        counts["shown", Quiz.Questions[1].Id].Should().Be(1, "going back shows the earlier question again");
    }

    [Fact]
    public void PresenterSessions_AreCountedApart()
    {
        var counts = new Counts();

        QuizFunnel.Step(QuizStop.Question(At(-1) with { Presenter = true }), QuizStop.Question(At(0) with { Presenter = true }), counts);

        counts["start", "", presenter: true].Should().Be(1);
        counts["start"].Should().Be(0);
    }
}
