using Decisioner.Core.Content;
using Decisioner.Core.Questionnaires;
using Decisioner.Core.Scoring;
using Decisioner.Tests;

namespace Decisioner.Core.Tests.Scoring;

/// <summary>The persona file drives these tests: editors add personas, and every one is checked.</summary>
public sealed class PersonaTests
{
    private static readonly ContentSnapshot Content = ContentLoader.Load(TestPaths.Content);

    public static TheoryData<string> PersonaNames()
    {
        var data = new TheoryData<string>();
        foreach (var persona in Content.PersonasFor(QuizContract.QuestionnaireId))
        {
            data.Add(persona.Name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(PersonaNames))]
    public void Persona_GetsItsExpectedOutcome(string name)
    {
        var persona = Content.PersonasFor(QuizContract.QuestionnaireId).Single(p => p.Name == name);
        var questionnaire = Content.FindQuestionnaire(QuizContract.QuestionnaireId)!;

        var answers = AnswerParser.Parse(questionnaire, persona.Answers.Select(a => new KeyValuePair<string, string?>(a.Key, a.Value)));
        var recommendation = ScoringEngine.Recommend(answers.Answers);

        answers.Problems.Should().BeEmpty();
        recommendation.Outcome.Should().Be(persona.Expected,
            "persona '{0}' scored rag {1}, fine-tuning {2}, both {3}", name,
            recommendation.Scores.Rag, recommendation.Scores.FineTuning, recommendation.Scores.Both);
    }

    [Fact]
    public void PersonaFile_HoldsTheContractsSixAndAtLeastTwentyMore()
    {
        var names = Content.PersonasFor(QuizContract.QuestionnaireId).Select(p => p.Name).ToList();

        string[] contractsSix = ["newsroom assistant", "brand-voice support replies", "clinical Q&A over a fixed corpus with noisy retrieval",
            "student team with 20 examples", "fine-tune it on our handbook", "nobody knows yet"];

        names.Should().Contain(contractsSix);
        names.Should().HaveCountGreaterThanOrEqualTo(contractsSix.Length + 20, "the brief asks for at least twenty personas of our own");
    }
}
