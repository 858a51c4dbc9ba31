using System.Text.Json;
using System.Text.Json.Serialization;
using Decisioner.Core.Content;
using Decisioner.Core.Questionnaires;
using Decisioner.Core.Scoring;

namespace Decisioner.Web.Api;

/// <summary>
/// The body of a recommendation request: <c>{ "answers": { "question id": "option id" or null } }</c>.
/// The answers stay a JSON element rather than a dictionary, so that a wrongly typed answer, an empty
/// option id or a repeated question can each be named in the problem the contract asks for.
/// </summary>
public sealed record RecommendationRequest(JsonElement? Answers);

public sealed record QuestionnaireSummary(string Id, string Title);

public sealed record OptionDto(string Id, string Text);

public sealed record QuestionDto(string Id, string Text, string Help, string? LearnMore, IReadOnlyList<OptionDto> Options);

public sealed record QuestionnaireDto(string Id, string Title, IReadOnlyList<QuestionDto> Questions)
{
    public static QuestionnaireDto From(Questionnaire questionnaire) =>
        new(questionnaire.Id, questionnaire.Title, [.. questionnaire.Questions.Select(q =>
            new QuestionDto(q.Id, q.Text, q.Help, q.LearnMore, [.. q.Options.Select(o => new OptionDto(o.Id, o.Text))]))]);
}

public sealed record ReasonDto(
    string Kind,
    string Text,
    ScoresDto Effect,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Question,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Option,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Gate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Rule,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? TriggeredBy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? SetAside,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SetAsideBy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? ChangedOutcome,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LearnMore)
{
    public static ReasonDto From(Reason reason) => reason switch
    {
        AnswerReason a => new("answer", a.Text, ScoresDto.From(a.Effect), a.Question.Id, a.Option.Id, null, null, null, null, a.SetAsideBy?.Id, null, a.Question.LearnMore),
        GateReason g => new("gate", g.Text, ScoresDto.From(g.Effect), null, null, g.Gate.Id, null, [.. g.TriggeredBy.Select(q => q.Id)], null, null, g.ChangedOutcome, null),
        SetAsideReason r => new("set-aside", r.Text, ScoresDto.From(r.Effect), null, null, null, r.Rule.Id, [.. r.TriggeredBy.Select(q => q.Id)], [.. r.SetAside.Select(q => q.Id)], null, null, null),
        _ => new("start", reason.Text, ScoresDto.From(reason.Effect), null, null, null, null, null, null, null, null, null),
    };
}

/// <param name="For">What the line is readiness for: <c>training</c> or <c>retrieval</c>.</param>
public sealed record ReadinessCheckDto(string Question, string Status, string? Missing, string For);

/// <summary>The principle that decided the outcome: its number in the quiz contract, its short name and its statement.</summary>
public sealed record PrincipleDto(int Number, string Name, string Statement);

public sealed record NotAskedTopicDto(string Text, string? LearnMore);

public sealed record ReadinessDto(bool Ready, IReadOnlyList<ReadinessCheckDto> Checks);

public sealed record PlanStepDto(string Step, string Text, string Why, string? LearnMore);

public sealed record FlipDto(string Question, string Option, string Outcome, string Timing);

public sealed record CourseDto(string Id, string Title, string Url, bool FromGoal);

/// <summary>Points per outcome, written as <c>{ "rag": n, "fine-tuning": n, "both": n }</c>.</summary>
public sealed record ScoresDto(
    [property: JsonPropertyName("rag")] int Rag,
    [property: JsonPropertyName("fine-tuning")] int FineTuning,
    [property: JsonPropertyName("both")] int Both)
{
    public static ScoresDto From(OutcomeScores scores) => new(scores.Rag, scores.FineTuning, scores.Both);
}

/// <summary>
/// The recommendation as the quiz contract (version 3) writes it, plus the headline, the words that go with
/// the timing, the rule that decided (if one did), margin, clarity, flags and what the quiz does not ask.
/// </summary>
public sealed record RecommendationDto(
    string Outcome,
    string Timing,
    string Headline,
    string OutcomeTitle,
    string Sentence,
    bool TrainingWaitsOnPrompting,
    string TimingLine,
    string TimingText,
    PrincipleDto? DecidedBy,
    string Confidence,
    ScoresDto Scores,
    int Margin,
    string Clarity,
    IReadOnlyList<ReasonDto> Reasons,
    ReadinessDto Readiness,
    IReadOnlyList<PlanStepDto> Plan,
    IReadOnlyList<FlipDto> Flips,
    IReadOnlyList<string> Flags,
    IReadOnlyList<string> Unanswered,
    CourseDto? Course,
    IReadOnlyList<NotAskedTopicDto> NotAsked,
    string ResultUrl)
{
    public static RecommendationDto From(Recommendation r, SiteData site)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(site);
        var questionnaire = r.Answers.Questionnaire;
        var course = r.Course is { } fit && site.FindCourse(fit.CourseId) is { } c ? new CourseDto(c.Id, c.Title, c.Url, fit.FromGoal) : null;
        return new RecommendationDto(
            r.Outcome.Id(),
            r.Timing.Id(),
            r.Headline,
            r.OutcomeTitle,
            r.Sentence,
            r.TrainingWaitsOnPrompting,
            r.TimingLine,
            r.TimingText,
            r.DecidedBy is { } p ? new PrincipleDto(p.Number, p.Name, p.Statement) : null,
            r.Confidence,
            ScoresDto.From(r.Scores),
            r.Margin,
            r.Clarity.ToString().ToLowerInvariant(),
            [.. r.Reasons.Select(ReasonDto.From)],
            new ReadinessDto(r.Readiness.IsReady, [.. r.Readiness.Checks.Select(c =>
                new ReadinessCheckDto(c.Question.Id, c.Status.ToString().ToLowerInvariant(), c.Status is ReadinessStatus.Missing or ReadinessStatus.Unknown ? c.Missing : null,
                    c.Scope == ReadinessScope.Retrieval ? "retrieval" : "training"))]),
            [.. r.Plan.Select(p => new PlanStepDto(p.Step.Id(), p.Info.Text, p.Why, p.Info.LearnMore))],
            [.. r.Flips.Select(f => new FlipDto(f.Question.Id, f.Option.Id, f.Outcome.Id(), f.Timing.Id()))],
            r.Flags,
            [.. r.Unanswered.Select(q => q.Id)],
            course,
            [.. questionnaire.NotAsked?.Topics.Select(t => new NotAskedTopicDto(t.Text, t.LearnMore)) ?? []],
            new QuizAddress(r.Answers).ResultUrl());
    }
}
