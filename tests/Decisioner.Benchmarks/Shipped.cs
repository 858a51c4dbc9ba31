using Decisioner.Core.Content;
using Decisioner.Core.Questionnaires;
using Decisioner.Tests;

namespace Decisioner.Benchmarks;

/// <summary>The repository's shipped content, loaded once for the benchmarks that need it.</summary>
internal static class Shipped
{
    private static readonly Lazy<ContentSnapshot> Snapshot = new(() => ContentLoader.Load(TestPaths.Content));

    public static ContentSnapshot Content => Snapshot.Value;

    public static Questionnaire Quiz =>
        Content.FindQuestionnaire(QuizContract.QuestionnaireId) ?? throw new InvalidOperationException("the shipped quiz did not load");
}
