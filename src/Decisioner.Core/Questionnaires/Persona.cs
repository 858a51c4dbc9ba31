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

        root.WarnUnknownKeys("questionnaire", "personas");
        var questionnaireId = root.String("questionnaire", required: true) ?? "";
        var questionnaire = findQuestionnaire(questionnaireId);
        if (questionnaire is null && root.Node("questionnaire") is { } idNode)
        {
            root.Error(idNode, $"no questionnaire '{questionnaireId}' has loaded, so these personas cannot be checked");
        }

        var personas = new List<Persona>();
        foreach (var item in root.Sequence("personas", required: true)?.Children ?? [])
        {
            if (item is not YamlMappingNode node)
            {
                root.Error(item, "each persona is a set of lines: name, answers, expect, timing, first-step");
                continue;
            }

            var fields = root.For(node);
            var errorsBefore = diagnostics.Items.Count(d => d.IsError);
            fields.WarnUnknownKeys("name", "answers", "expect", "timing", "first-step", "note");
            var name = fields.String("name", required: true) ?? "";
            if (personas.Exists(p => p.Name == name))
            {
                fields.Error(fields.Node("name")!, $"duplicate persona name '{name}'");
            }

            var expectText = fields.String("expect", required: true);
            if (!Outcomes.TryParse(expectText, out var expected) && expectText is not null)
            {
                fields.Error(fields.Node("expect")!, $"unknown outcome '{expectText}': use rag, fine-tuning or both");
            }

            var timingText = fields.String("timing", required: true);
            if (!Timings.TryParse(timingText, out var timing) && timingText is not null)
            {
                fields.Error(fields.Node("timing")!, $"unknown timing '{timingText}': use now, not-yet or confirm-first");
            }

            var stepText = fields.String("first-step", required: true);
            if (!PlanSteps.TryParse(stepText, out var firstStep) && stepText is not null)
            {
                fields.Error(fields.Node("first-step")!, $"unknown plan step '{stepText}' (steps: {string.Join(", ", PlanSteps.All.Select(p => p.Id()))})");
            }

            var answers = new List<KeyValuePair<string, string>>();
            if (fields.Mapping("answers", required: true) is { } answerMap)
            {
                var answerFields = root.For(answerMap);
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
            }

            // A persona with a mistake is reported and left out; the others are still checked.
            if (diagnostics.Items.Count(d => d.IsError) == errorsBefore)
            {
                personas.Add(new Persona(name, answers, expected, timing, firstStep, fields.String("note") ?? "", root.LineOf(node)));
            }
        }

        return questionnaire is null ? null : new PersonaSet(questionnaireId, personas, relativePath);
    }
}
