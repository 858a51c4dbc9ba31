namespace Decisioner.Core.Questionnaires;

/// <summary>
/// The answers to one questionnaire: for each question, in questionnaire order, the index of the
/// chosen option or -1 when unanswered. Immutable; equal answers give equal sets, in any order given.
/// </summary>
public sealed class AnswerSet : IEquatable<AnswerSet>
{
    public const sbyte Unanswered = -1;

    private readonly sbyte[] _choices;

    private AnswerSet(Questionnaire questionnaire, sbyte[] choices)
    {
        Questionnaire = questionnaire;
        _choices = choices;
    }

    public Questionnaire Questionnaire { get; }

    public ReadOnlySpan<sbyte> Choices => _choices;

    public int AnsweredCount => _choices.Count(c => c >= 0);

    public static AnswerSet Empty(Questionnaire questionnaire)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        var choices = new sbyte[questionnaire.Questions.Count];
        Array.Fill(choices, Unanswered);
        return new AnswerSet(questionnaire, choices);
    }

    /// <summary>Builds a set from option indexes (tests and the whole-space checks use this).</summary>
    public static AnswerSet FromChoices(Questionnaire questionnaire, ReadOnlySpan<sbyte> choices)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        if (choices.Length != questionnaire.Questions.Count)
        {
            throw new ArgumentException("one choice per question", nameof(choices));
        }

        for (var q = 0; q < choices.Length; q++)
        {
            if (choices[q] < Unanswered || choices[q] >= questionnaire.Questions[q].Options.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(choices), $"no option {choices[q]} in question {questionnaire.Questions[q].Id}");
            }
        }

        return new AnswerSet(questionnaire, choices.ToArray());
    }

    public QuestionOption? Get(Question question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var choice = _choices[question.Index];
        return choice < 0 ? null : question.Options[choice];
    }

    /// <summary>A copy with one answer changed; <paramref name="option"/> null clears it.</summary>
    public AnswerSet With(Question question, QuestionOption? option)
    {
        ArgumentNullException.ThrowIfNull(question);
        var choices = (sbyte[])_choices.Clone();
        choices[question.Index] = option is null ? Unanswered : (sbyte)option.Index;
        return new AnswerSet(Questionnaire, choices);
    }

    /// <summary>The answers as question id to option id, in questionnaire order.</summary>
    public IEnumerable<KeyValuePair<string, string>> Pairs()
    {
        foreach (var question in Questionnaire.Questions)
        {
            if (Get(question) is { } option)
            {
                yield return new(question.Id, option.Id);
            }
        }
    }

    public bool Equals(AnswerSet? other) =>
        other is not null && ReferenceEquals(Questionnaire, other.Questionnaire) && _choices.AsSpan().SequenceEqual(other._choices);

    public override bool Equals(object? obj) => Equals(obj as AnswerSet);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_choices.AsSpan()));
        return hash.ToHashCode();
    }

    public override string ToString() => string.Join("&", Pairs().Select(p => $"{p.Key}={p.Value}"));
}

/// <summary>Why one key or value of a submitted answer set was not used.</summary>
public enum AnswerProblemKind
{
    UnknownQuestion,
    UnknownOption,
    Repeated,
}

/// <summary>A key or value that was ignored, so the page can say so and the API can refuse it.</summary>
public sealed record AnswerProblem(AnswerProblemKind Kind, string Key, string? Value)
{
    public string Describe() => Kind switch
    {
        AnswerProblemKind.UnknownQuestion => $"'{Shorten(Key)}' is not a question of this quiz",
        AnswerProblemKind.UnknownOption => $"'{Shorten(Value ?? "")}' is not an answer to '{Shorten(Key)}'",
        _ => $"'{Shorten(Key)}' was given more than once; the first answer was used",
    };

    private static string Shorten(string text) =>
        Content.Text.Shorten(new string(text.Where(c => !char.IsControl(c)).Take(61).ToArray()), 60);
}

/// <summary>Answers read from a link or a request, with whatever was ignored (the first few, and how many more).</summary>
public sealed record ParsedAnswers(AnswerSet Answers, IReadOnlyList<AnswerProblem> Problems, int MoreProblems = 0);

public static class AnswerParser
{
    public const int MaxListedProblems = 20;

    /// <summary>
    /// Reads question id / option id pairs. Keys in <paramref name="ignoredKeys"/> (page settings such
    /// as <c>presenter</c>) are skipped silently; an empty value means "unanswered".
    /// </summary>
    public static ParsedAnswers Parse(
        Questionnaire questionnaire,
        IEnumerable<KeyValuePair<string, string?>> pairs,
        IReadOnlySet<string>? ignoredKeys = null)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        ArgumentNullException.ThrowIfNull(pairs);
        var answers = AnswerSet.Empty(questionnaire);
        var problems = new List<AnswerProblem>();
        var more = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);

        // A hostile link can hold hundreds of junk keys: name the first few, count the rest.
        void Report(AnswerProblem problem)
        {
            if (problems.Count < MaxListedProblems)
            {
                problems.Add(problem);
            }
            else
            {
                more++;
            }
        }

        foreach (var (key, value) in pairs)
        {
            if (ignoredKeys?.Contains(key) == true)
            {
                continue;
            }

            var question = questionnaire.FindQuestion(key);
            if (question is null)
            {
                Report(new AnswerProblem(AnswerProblemKind.UnknownQuestion, key, value));
                continue;
            }

            if (!seen.Add(key))
            {
                Report(new AnswerProblem(AnswerProblemKind.Repeated, key, value));
                continue;
            }

            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            var option = question.FindOption(value);
            if (option is null)
            {
                Report(new AnswerProblem(AnswerProblemKind.UnknownOption, key, value));
                continue;
            }

            answers = answers.With(question, option);
        }

        return new ParsedAnswers(answers, problems, more);
    }
}
