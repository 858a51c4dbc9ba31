using System.Text;

namespace Decisioner.Core.Questionnaires;

/// <summary>
/// The one owner of the quiz's address. The quiz keeps all of its state there: the answers as
/// question=option pairs in question order, the question on screen as <c>at</c>, and presenter mode as
/// <c>presenter=1</c>. A reload, a dropped connection or a restarted server therefore resumes exactly
/// where the visitor was, and a result link is the answers and nothing else.
/// </summary>
public sealed record QuizAddress(AnswerSet Answers, Question? At = null, bool Presenter = false)
{
    public const string AtKey = "at";
    public const string PresenterKey = "presenter";

    /// <summary>Query keys the quiz pages use for themselves; no question may take these ids.</summary>
    public static readonly IReadOnlySet<string> ReservedKeys = new HashSet<string>(StringComparer.Ordinal) { AtKey, PresenterKey };

    public Questionnaire Questionnaire => Answers.Questionnaire;

    /// <summary>The quiz's start page, <c>/quiz/{id}</c>.</summary>
    public static string QuizPath(Questionnaire questionnaire)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        return "/quiz/" + questionnaire.Id;
    }

    /// <summary>Where the result page lives; the target of the plain forms.</summary>
    public static string ResultPath(Questionnaire questionnaire) => QuizPath(questionnaire) + ResultSuffix;

    private const string PathPrefix = "/quiz/";
    private const string ResultSuffix = "/result";

    /// <summary>
    /// Reads a path written by <see cref="QuizPath"/> or <see cref="ResultPath"/>: the quiz id and whether
    /// it is the result page. False for any other path.
    /// </summary>
    public static bool TryReadPath(string path, out string id, out bool isResult)
    {
        ArgumentNullException.ThrowIfNull(path);
        id = "";
        isResult = false;
        if (!path.StartsWith(PathPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = path.AsSpan(PathPrefix.Length);
        isResult = rest.EndsWith(ResultSuffix, StringComparison.Ordinal);
        if (isResult)
        {
            rest = rest[..^ResultSuffix.Length];
        }

        id = rest.ToString();
        return !rest.IsEmpty && !rest.Contains('/');
    }

    /// <summary>The quiz page at <see cref="At"/> (the start page when null) with the answers so far.</summary>
    public string QuizUrl() => QuizPath(Questionnaire) + Query(At, includeAnswers: true);

    /// <summary>The shareable result link: the answers, in question order, plus presenter mode when on.</summary>
    public string ResultUrl() => ResultPath(Questionnaire) + Query(null, includeAnswers: true);

    public QuizAddress WithAnswers(AnswerSet answers) => this with { Answers = answers };

    /// <summary>
    /// Reads an address (a path with a query, or an absolute URI). Unknown keys and values are left out and
    /// named in <see cref="ParsedAnswers.Problems"/>: a shared link never breaks.
    /// </summary>
    public static (QuizAddress Address, ParsedAnswers Parsed) Parse(Questionnaire questionnaire, string uri)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        var pairs = QueryPairs(uri);
        var parsed = AnswerParser.Parse(questionnaire, pairs, ReservedKeys);
        var at = questionnaire.FindQuestion(pairs.FirstOrDefault(p => p.Key == AtKey).Value);
        return (new QuizAddress(parsed.Answers, at, IsPresenter(pairs)), parsed);
    }

    /// <summary>Whether an address's query turns presenter mode on, as <see cref="Parse"/> reads it, without reading the answers.</summary>
    public static bool IsPresenter(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.Contains('?', StringComparison.Ordinal) && uri.Contains(PresenterKey, StringComparison.Ordinal) && IsPresenter(QueryPairs(uri));
    }

    private static bool IsPresenter(List<KeyValuePair<string, string?>> pairs) =>
        pairs.Exists(p => p.Key == PresenterKey && p.Value is "1" or "true");

    /// <summary>The query of an address as key/value pairs, in order, repeated keys kept ('+' is a space, as forms send it).</summary>
    public static List<KeyValuePair<string, string?>> QueryPairs(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var pairs = new List<KeyValuePair<string, string?>>();
        var query = uri.IndexOf('?', StringComparison.Ordinal);
        if (query < 0)
        {
            return pairs;
        }

        var hash = uri.IndexOf('#', query);
        var text = hash > query ? uri[(query + 1)..hash] : uri[(query + 1)..];
        foreach (var part in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var key = Decode(equals < 0 ? part : part[..equals]);
            var value = equals < 0 ? "" : Decode(part[(equals + 1)..]);
            pairs.Add(new(key, value));
        }

        return pairs;
    }

    private string Query(Question? at, bool includeAnswers)
    {
        var query = new StringBuilder();
        void Add(string key, string value) =>
            query.Append(query.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));

        if (at is not null)
        {
            Add(AtKey, at.Id);
        }

        if (includeAnswers)
        {
            foreach (var (question, option) in Answers.Pairs())
            {
                Add(question, option);
            }
        }

        if (Presenter)
        {
            Add(PresenterKey, "1");
        }

        return query.ToString();
    }

    private static string Decode(string text)
    {
        var plain = text.Replace('+', ' ');
        try
        {
            return Uri.UnescapeDataString(plain);
        }
        catch (UriFormatException)
        {
            return plain;
        }
    }
}
