using Decisioner.Core.Content;
using Decisioner.Core.Questionnaires;
using Decisioner.Tests;

namespace Decisioner.Benchmarks;

/// <summary>The repository's shipped content, loaded once (by the tests' own <see cref="ShippedQuiz"/>) for the benchmarks that need it.</summary>
internal static class Shipped
{
    public static ContentSnapshot Content => ShippedQuiz.Content;

    public static Questionnaire Quiz => ShippedQuiz.Questionnaire;
}
