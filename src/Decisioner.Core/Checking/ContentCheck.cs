using System.Globalization;
using Decisioner.Core.Content;
using Decisioner.Core.Questionnaires;
using Decisioner.Core.Scoring;

namespace Decisioner.Core.Checking;

/// <summary>How one persona scores with the questionnaire as it is now.</summary>
public sealed record PersonaResult(Persona Persona, string SourcePath, Recommendation Recommendation)
{
    public PlanStep? FirstStep => Recommendation.Plan.Count > 0 ? Recommendation.Plan[0].Step : null;

    public bool Passed =>
        Recommendation.Outcome == Persona.Expected && Recommendation.Timing == Persona.ExpectedTiming && FirstStep == Persona.ExpectedFirstStep;
}

/// <summary>Everything a content check found: file problems, persona regressions and the whole-space check.</summary>
public sealed record CheckReport(
    ContentSnapshot Snapshot,
    IReadOnlyList<ContentDiagnostic> Diagnostics,
    IReadOnlyList<PersonaResult> Personas,
    IReadOnlyDictionary<string, SpaceReport> Spaces)
{
    public int ErrorCount => Diagnostics.Count(d => d.IsError);

    public int WarningCount => Diagnostics.Count(d => !d.IsError);
}

/// <summary>
/// The editors' check, shared by the <c>check</c> command and the editor page: validates every file,
/// scores every persona and checks the contract's principles over every complete answer set.
/// </summary>
public static class ContentCheck
{
    public static CheckReport Run(ContentSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var diagnostics = snapshot.Diagnostics.ToList();
        var personas = new List<PersonaResult>();

        foreach (var set in snapshot.PersonaSets)
        {
            var questionnaire = snapshot.FindQuestionnaire(set.QuestionnaireId);
            if (questionnaire is null)
            {
                continue;
            }

            foreach (var persona in set.Personas)
            {
                var answers = AnswerParser.Parse(questionnaire, persona.Answers.Select(a => new KeyValuePair<string, string?>(a.Key, a.Value))).Answers;
                var result = new PersonaResult(persona, set.SourcePath, ScoringEngine.Recommend(answers));
                personas.Add(result);
                if (!result.Passed)
                {
                    diagnostics.Add(new ContentDiagnostic(set.SourcePath, persona.Line, 5, DiagnosticSeverity.Error, DescribeRegression(result)));
                }
            }
        }

        var spaces = new Dictionary<string, SpaceReport>(StringComparer.Ordinal);
        foreach (var questionnaire in snapshot.Questionnaires.Where(q => q.Id == QuizContract.QuestionnaireId))
        {
            var report = SpaceCheck.Run(questionnaire);
            spaces[questionnaire.Id] = report;
            foreach (var violation in report.Violations)
            {
                diagnostics.Add(new ContentDiagnostic(questionnaire.SourcePath, 1, 1, DiagnosticSeverity.Error, violation));
            }

            foreach (var (question, message) in report.Wording)
            {
                diagnostics.Add(new ContentDiagnostic(questionnaire.SourcePath, question.Line, 5, DiagnosticSeverity.Warning, message));
            }

            if (report.ViolationCount > report.Violations.Count)
            {
                diagnostics.Add(new ContentDiagnostic(questionnaire.SourcePath, 1, 1, DiagnosticSeverity.Error,
                    $"{report.ViolationCount - report.Violations.Count:N0} more answer sets break a principle"));
            }
        }

        return new CheckReport(snapshot, diagnostics, personas, spaces);
    }

    /// <summary>Writes the report the way compilers do, one <c>path:line:col: severity: message</c> per problem, then a summary.</summary>
    public static void Write(CheckReport report, TextWriter output, string displayRoot)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var invariant = CultureInfo.InvariantCulture;

        foreach (var diagnostic in report.Diagnostics.OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column))
        {
            output.WriteLine((diagnostic with { File = DisplayPath(displayRoot, diagnostic.File) }).ToString());
        }

        foreach (var (id, space) in report.Spaces)
        {
            var verdict = space.ViolationCount == 0
                ? $"principles {QuizPrinciples.Ranges(QuizPrinciples.ProvedOverTheWholeSpace)} hold"
                : string.Create(invariant, $"{space.ViolationCount:N0} break a principle");
            // Sets that differ only in answers no rule reads are scored once for all of them (SpaceCheck): say so.
            var scored = space.Scored < space.Total
                ? string.Create(invariant, $" ({space.Scored:N0} scored, each standing for the sets that differ only in answers no rule reads)")
                : "";
            output.WriteLine(string.Create(invariant,
                $"quiz {id}: {space.Total:N0} complete answer sets{scored}: rag {100 * space.Share(Outcome.Rag):0.0}%, fine-tuning {100 * space.Share(Outcome.FineTuning):0.0}%, both {100 * space.Share(Outcome.Both):0.0}%; timing now {100 * space.Share(Timing.Now):0.0}%, not-yet {100 * space.Share(Timing.NotYet):0.0}%, confirm-first {100 * space.Share(Timing.ConfirmFirst):0.0}%; {verdict}"));
        }

        var passed = report.Personas.Count(p => p.Passed);
        if (report.Personas.Count > 0)
        {
            output.WriteLine(string.Create(invariant, $"personas: {passed} of {report.Personas.Count} get their expected outcome, timing and first step"));
        }

        output.WriteLine(string.Create(invariant,
            $"checked {report.Snapshot.Files.Count} files: {report.ErrorCount} error{(report.ErrorCount == 1 ? "" : "s")}, {report.WarningCount} warning{(report.WarningCount == 1 ? "" : "s")}"));
    }

    private static string DescribeRegression(PersonaResult result)
    {
        var recommendation = result.Recommendation;
        var persona = result.Persona;
        var actual = recommendation.Outcome;
        var expected = persona.Expected;
        var scores = recommendation.Scores;
        var got = $"{actual.Id()}, {recommendation.Timing.Id()}, first step {result.FirstStep?.Id() ?? "none"}";
        var wanted = $"{expected.Id()}, {persona.ExpectedTiming.Id()}, first step {persona.ExpectedFirstStep.Id()}";
        var head = string.Create(CultureInfo.InvariantCulture,
            $"persona '{persona.Name}' now gets {got}; expected {wanted} (scores: rag {scores.Rag}, fine-tuning {scores.FineTuning}, both {scores.Both}");

        // The answers that pushed hardest toward the new outcome and away from the expected one.
        var moves = actual == expected ? [] : recommendation.Reasons.OfType<AnswerReason>()
            .Select(r => (Reason: r, Pull: r.Effect[actual] - r.Effect[expected]))
            .Where(m => m.Pull > 0)
            .OrderByDescending(m => m.Pull)
            .Take(3)
            .Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Reason.Question.Id}={m.Reason.Option.Id} ({actual.Id()} {Signed(m.Reason.Effect[actual])}, {expected.Id()} {Signed(m.Reason.Effect[expected])})"))
            .ToList();
        var gates = recommendation.GateReasons.Select(g => g.Gate.Id).ToList();
        var notReady = recommendation.Readiness.Missing.Select(c => c.Question.Id).ToList();
        return head
            + (gates.Count > 0 ? "; rules: " + string.Join(", ", gates) : "")
            + (moves.Count > 0 ? "; moved most by " + string.Join(", ", moves) : "")
            + (recommendation.Timing != persona.ExpectedTiming && notReady.Count > 0 ? "; readiness not shown by " + string.Join(", ", notReady) : "")
            + ")";
    }

    private static string Signed(int value) => value > 0 ? "+" + value.ToString(CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture);

    private static string DisplayPath(string displayRoot, string relative) =>
        string.IsNullOrEmpty(displayRoot) || displayRoot == "." ? relative : displayRoot.TrimEnd('/', '\\').Replace('\\', '/') + "/" + relative;
}
