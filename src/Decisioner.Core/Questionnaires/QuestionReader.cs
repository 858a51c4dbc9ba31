using Decisioner.Core.Content;
using YamlDotNet.RepresentationModel;

namespace Decisioner.Core.Questionnaires;

/// <summary>A question as read, with the nodes the contract's checks point at.</summary>
internal sealed record LoadedQuestion(Question Question, YamlMappingNode Node, Dictionary<string, YamlMappingNode> OptionNodes);

/// <summary>Reads the <c>questions</c> section of a questionnaire file: each question and its options, in order.</summary>
internal static class QuestionReader
{
    public static List<LoadedQuestion> Read(YamlFields root)
    {
        var questions = new List<LoadedQuestion>();
        foreach (var fields in root.Items("questions", "each question is a set of lines: id, text, options, ...", required: true))
        {
            var id = fields.String("id", required: true);
            var label = fields.String("label");
            var text = fields.String("text", required: true);
            var help = fields.String("help") ?? "";
            var learnMore = QuestionnaireLoader.SitePath(fields, "learn-more");
            var optionList = fields.Sequence("options", required: true);
            if (id is null)
            {
                continue;
            }

            if (!GuideLoader.SlugPattern().IsMatch(id))
            {
                fields.Error(fields.Node("id")!, $"question id '{id}' must be lower-case letters, digits and single hyphens");
            }
            else if (QuizAddress.ReservedKeys.Contains(id))
            {
                fields.Error(fields.Node("id")!, $"'{id}' is used by the quiz page itself; choose another question id");
            }

            if (questions.Find(q => q.Question.Id == id) is { } first)
            {
                fields.Error(fields.Node("id")!, $"duplicate question id '{id}' (first used on line {root.LineOf(first.Node)})");
                continue;
            }

            var (options, optionNodes) = ReadOptions(fields, id);
            if (optionList is not null && options.Count < 2)
            {
                fields.Error(optionList, $"question '{id}' needs at least two options");
            }

            if (options.Count > 100)
            {
                fields.Error(optionList!, $"question '{id}' has more than 100 options");
            }

            questions.Add(new LoadedQuestion(
                new Question
                {
                    Id = id,
                    Index = questions.Count,
                    Label = label ?? id,
                    Text = text ?? id,
                    Help = help,
                    LearnMore = learnMore,
                    Options = options,
                    Line = fields.LineOf(fields.Map),
                },
                fields.Map,
                optionNodes));
        }

        return questions;
    }

    private static (List<QuestionOption>, Dictionary<string, YamlMappingNode>) ReadOptions(YamlFields question, string questionId)
    {
        var options = new List<QuestionOption>();
        var nodes = new Dictionary<string, YamlMappingNode>(StringComparer.Ordinal);
        foreach (var option in question.Items("options", "each option is a set of lines: id, text, weights"))
        {
            var id = option.String("id", required: true);
            var text = option.String("text", required: true);
            var why = option.String("why") ?? "";
            var weights = QuestionnaireLoader.ReadScores(option, option.Mapping("weights"), $"the weights of '{questionId}={id}'", required: false);
            var whyFor = ReadWhyFor(option, questionId, id);
            var course = option.String("course");
            if (id is null)
            {
                continue;
            }

            if (!GuideLoader.SlugPattern().IsMatch(id))
            {
                option.Error(option.Node("id")!, $"option id '{id}' must be lower-case letters, digits and single hyphens");
            }

            if (!nodes.TryAdd(id, option.Map))
            {
                option.Error(option.Node("id")!, $"duplicate option id '{id}' in question '{questionId}'");
                continue;
            }

            options.Add(new QuestionOption { Id = id, Index = options.Count, Text = text ?? id, Why = why, WhyFor = whyFor, Weights = weights, Course = course });
        }

        return (options, nodes);
    }

    /// <summary><c>why-for: { rag: ..., fine-tuning: ..., both: ... }</c>: a "why" for one outcome where the general one would not fit it.</summary>
    private static Dictionary<Outcome, string> ReadWhyFor(YamlFields option, string questionId, string? optionId)
    {
        var whyFor = new Dictionary<Outcome, string>();
        if (option.Mapping("why-for") is not { } map)
        {
            return whyFor;
        }

        var fields = option.For(map);
        foreach (var (key, _) in map.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!Outcomes.TryParse(name, out var outcome))
            {
                fields.Error(key, $"'{questionId}={optionId}': why-for names unknown outcome '{name}': use rag, fine-tuning or both");
            }
            else if (fields.String(name, required: true) is { Length: > 0 } text)
            {
                whyFor[outcome] = text;
            }
        }

        return whyFor;
    }
}
