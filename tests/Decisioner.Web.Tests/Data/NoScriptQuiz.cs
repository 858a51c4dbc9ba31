using Decisioner.Core.Questionnaires;
using Decisioner.Web.Content;
using Microsoft.Extensions.DependencyInjection;

namespace Decisioner.Web.Tests.Data;

/// <summary>
/// A visitor without script: every step is a request for the next address, with the previous page as
/// its Referer, exactly as a browser submits the quiz's plain forms.
/// </summary>
internal static class NoScriptQuiz
{
    public static Questionnaire Quiz(SiteFactory site) =>
        site.Services.GetRequiredService<ContentStore>().Current.FindQuestionnaire("rag-vs-fine-tuning")!;

    /// <summary>Start page, each question in turn (answered by <paramref name="choose"/>, or skipped when it gives null), then the result.</summary>
    public static async Task<HttpResponseMessage> WalkAsync(HttpClient client, Questionnaire quiz, Func<Question, QuestionOption?> choose, bool presenter = false, int stopBefore = int.MaxValue)
    {
        var answers = AnswerSet.Empty(quiz);
        var here = new QuizAddress(answers, null, presenter).QuizUrl();
        await GetAsync(client, here, referer: null);
        foreach (var question in quiz.Questions)
        {
            if (question.Index == stopBefore)
            {
                return await GetAsync(client, new QuizAddress(answers, question, presenter).QuizUrl(), here);
            }

            var next = new QuizAddress(answers, question, presenter).QuizUrl();
            await GetAsync(client, next, here);
            here = next;
            answers = answers.With(question, choose(question));
        }

        return await GetAsync(client, new QuizAddress(answers, null, presenter).ResultUrl(), here);
    }

    public static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string? referer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (referer is not null)
        {
            request.Headers.Referrer = new Uri(client.BaseAddress!, referer);
        }

        var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return response;
    }
}
