using Decisioner.Core.Content;
using Decisioner.Core.Questionnaires;

namespace Decisioner.Tests;

/// <summary>
/// The repository's shipped content and its quiz, loaded once with the site's own loader. Tests take the
/// quiz's figures from here (how many questions, where a question stands, how many answer sets and
/// personas there are) instead of copying them, so that an edit to the content does not break them.
/// </summary>
internal static class ShippedQuiz
{
    private static readonly Lazy<ContentSnapshot> Snapshot = new(() => ContentLoader.Load(TestPaths.Content));

    public static ContentSnapshot Content => Snapshot.Value;

    public static Questionnaire Questionnaire =>
        Content.FindQuestionnaire(QuizContract.QuestionnaireId) ?? throw new InvalidOperationException("the shipped quiz did not load");

    /// <summary>How many questions the quiz asks.</summary>
    public static int QuestionCount => Questionnaire.Questions.Count;

    /// <summary>The screen a question is shown on, counted from 1 as the page counts it.</summary>
    public static int StepOf(string questionId)
    {
        var index = Questionnaire.Questions.ToList().FindIndex(q => q.Id == questionId);
        return index >= 0 ? index + 1 : throw new ArgumentException($"the shipped quiz has no question '{questionId}'", nameof(questionId));
    }

    /// <summary>The id of the question on a screen, counted from 1.</summary>
    public static string QuestionAt(int step) => Questionnaire.Questions[step - 1].Id;

    /// <summary>The page's step heading for a screen: "Question 2 of N".</summary>
    public static string StepHeading(int step) => $"Question {step} of {QuestionCount}";

    /// <summary>How many complete answer sets there are: the product of every question's option count.</summary>
    public static long CompleteAnswerSets => Questionnaire.Questions.Aggregate(1L, (product, q) => product * q.Options.Count);

    /// <summary>
    /// A shipped persona's answers as the option number to press on each screen (1 = the first option,
    /// 0 = skip the question), in the quiz's order.
    /// </summary>
    public static int[] OptionKeysOf(string personaName)
    {
        var persona = Content.PersonasFor(Questionnaire.Id).Single(p => p.Name == personaName);
        var answers = persona.Answers.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        return [.. Questionnaire.Questions.Select(q => answers.TryGetValue(q.Id, out var option) ? q.FindOption(option)!.Index + 1 : 0)];
    }

    /// <summary>How many personas the content gives for the quiz.</summary>
    public static int PersonaCount => Content.PersonasFor(Questionnaire.Id).Count();
}
