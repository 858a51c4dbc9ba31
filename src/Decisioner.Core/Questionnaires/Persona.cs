using Decisioner.Core.Content;
using YamlDotNet.RepresentationModel;

namespace Decisioner.Core.Questionnaires;

/// <summary>A named example project with its answers and what editors expect for it: the outcome, the timing and the plan's first step.</summary>
public sealed record Persona(string Name, IReadOnlyList<KeyValuePair<string, string>> Answers, Outcome Expected, Timing ExpectedTiming, PlanStep ExpectedFirstStep, string Note, int Line);

/// <summary>A persona file: the personas of one questionnaire.</summary>
public sealed record PersonaSet(string QuestionnaireId, IReadOnlyList<Persona> Personas, string SourcePath);

/// <summary>Reads a persona file; answers are checked against the questionnaire they name.</summary>
public static class PersonaLoader
{
    public const string Folder = "personas";

    public static PersonaSet? Load(string relativePath, string text, Func<string, Questionnaire?> findQuestionnaire, DiagnosticList diagnostics)
    {
        ArgumentNullException.ThrowIfNull(findQuestionnaire);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var root = YamlFields.Parse(text, diagnostics);
        if (root is null)
        {
            return null;
        }

        var questionnaireId = root.String("questionnaire", required: true) ?? "";
        var questionnaire = findQuestionnaire(questionnaireId);
        if (questionnaire is null && root.Node("questionnaire") is { } idNode)
        {
            root.Error(idNode, $"no questionnaire '{questionnaireId}' has loaded, so these personas cannot be checked");
        }

        var personas = new List<Persona>();
        foreach (var fields in root.Items("personas", "each persona is a set of lines: name, answers, expect, timing, first-step", required: true))
        {
            var errorsBefore = diagnostics.Items.Count(d => d.IsError);
            var name = fields.String("name", required: true) ?? "";
            var expected = Parse<Outcome>(fields, "expect", Outcomes.TryParse, "unknown outcome '{0}': use rag, fine-tuning or both");
            var timing = Parse<Timing>(fields, "timing", Timings.TryParse, "unknown timing '{0}': use now, not-yet or confirm-first");
            var firstStep = Parse<PlanStep>(fields, "first-step", PlanSteps.TryParse, "unknown plan step '{0}' (steps: " + PlanSteps.IdList + ")");
            var note = fields.String("note") ?? "";
            var answers = ReadAnswers(fields, name, questionnaire);
            if (personas.Exists(p => p.Name == name))
            {
                fields.Error(fields.Node("name")!, $"duplicate persona name '{name}'");
            }

            // A persona with a mistake is reported and left out; the others are still checked.
            if (diagnostics.Items.Count(d => d.IsError) == errorsBefore)
            {
                personas.Add(new Persona(name, answers, expected, timing, firstStep, note, fields.LineOf(fields.Map)));
            }
        }

        root.WarnUnread();
        return questionnaire is null ? null : new PersonaSet(questionnaireId, personas, relativePath);
    }

    private static T Parse<T>(YamlFields fields, string key, ContractIdParser<T> parse, string unknown)
    {
        var text = fields.String(key, required: true);
        if (!parse(text, out var value) && text is not null)
        {
            fields.Error(fields.Node(key)!, string.Format(System.Globalization.CultureInfo.InvariantCulture, unknown, text));
        }

        return value;
    }

    private static List<KeyValuePair<string, string>> ReadAnswers(YamlFields fields, string name, Questionnaire? questionnaire)
    {
        var answers = new List<KeyValuePair<string, string>>();
        if (fields.Mapping("answers", required: true) is not { } answerMap)
        {
            return answers;
        }

        var answerFields = fields.For(answerMap);
        foreach (var (key, value) in answerMap.Children)
        {
            var questionId = (key as YamlScalarNode)?.Value ?? "";
            var optionId = (value as YamlScalarNode)?.Value ?? "";
            var question = questionnaire?.FindQuestion(questionId);
            if (questionnaire is not null && question is null)
            {
                answerFields.Error(key, $"persona '{name}': '{questionId}' is not a question of {questionnaire.Id}");
            }
            else if (question is not null && question.FindOption(optionId) is null)
            {
                answerFields.Error(value, $"persona '{name}': '{optionId}' is not an answer to '{questionId}' (answers: {string.Join(", ", question.Options.Select(o => o.Id))})");
            }
            else
            {
                answers.Add(new(questionId, optionId));
            }
        }

        return answers;
    }
}
