using Decisioner.Core.Questionnaires;
using Microsoft.AspNetCore.WebUtilities;

namespace Decisioner.Web.Quiz;

/// <summary>
/// The quiz keeps all of its state in the address: the answers as question=option pairs, the
/// question on screen as <c>at</c>, and presenter mode as <c>presenter=1</c>. A reload, a dropped
/// connection or a restarted server therefore resumes exactly where the visitor was.
/// </summary>
public static class QuizUrls
{
    public const string AtKey = "at";
    public const string PresenterKey = "presenter";

    public static string Quiz(Questionnaire questionnaire, AnswerSet answers, Question? at, bool presenter)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        var parts = new List<string>();
        if (at is not null)
        {
            parts.Add($"{AtKey}={Uri.EscapeDataString(at.Id)}");
        }

        parts.AddRange(Pairs(answers));
        if (presenter)
        {
            parts.Add($"{PresenterKey}=1");
        }

        return questionnaire.QuizPath + (parts.Count == 0 ? "" : "?" + string.Join('&', parts));
    }

    public static string Result(Questionnaire questionnaire, AnswerSet answers, bool presenter)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        var path = questionnaire.ResultPath(answers);
        return presenter ? path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + PresenterKey + "=1" : path;
    }

    /// <summary>The query of an address as key/value pairs, in order, repeated keys kept.</summary>
    public static List<KeyValuePair<string, string?>> QueryPairs(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var query = uri.IndexOf('?', StringComparison.Ordinal);
        var hash = uri.IndexOf('#', StringComparison.Ordinal);
        if (query < 0)
        {
            return [];
        }

        var text = hash > query ? uri[query..hash] : uri[query..];
        var pairs = new List<KeyValuePair<string, string?>>();
        foreach (var (key, values) in QueryHelpers.ParseQuery(text))
        {
            foreach (var value in values)
            {
                pairs.Add(new(key, value));
            }
        }
        return pairs;
    }

    public static bool IsPresenter(IEnumerable<KeyValuePair<string, string?>> pairs) =>
        pairs.Any(p => p.Key == PresenterKey && p.Value is "1" or "true");

    private static IEnumerable<string> Pairs(AnswerSet answers) =>
        answers.Pairs().Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}");
}
