using Decisioner.Tests;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Decisioner.E2E.Tests;

/// <summary>Runs only when asked (DECISIONER_DEMO=1): 200 scripted quiz sessions, then the staff figures page, for a screenshot.</summary>
public sealed class DemoFactAttribute() : OnRequestFactAttribute("DECISIONER_DEMO", "1", "demo: DECISIONER_DEMO=1 dotnet test tests/Decisioner.E2E.Tests --filter AnalyticsDemo");

[Collection(BrowserCollection.Name)]
public sealed class AnalyticsDemoTests(BrowserFixture fixture, ITestOutputHelper output)
{
    [DemoFact]
    public async Task TwoHundredSessions_ThenTheFiguresPage()
    {
        await using var site = new SiteProcess(TestPaths.Content, "Analytics:FlushSeconds=1");
        var password = await site.AddStaffAsync("admissions@example.org", "admissions");
        await site.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(site.BaseUrl) };
        var quiz = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/api/questionnaires/rag-vs-fine-tuning")).RootElement;
        var questions = quiz.GetProperty("questions").EnumerateArray()
            .Select(q => (Id: q.GetProperty("id").GetString()!, Options: q.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("id").GetString()!).ToArray()))
            .ToArray();

        // Seeded, so the same run gives the same figures: most finish, some stop part-way, some are staff demos.
        var random = new Random(20261128);
        int finished = 0, stopped = 0, presenterSessions = 0, whatIfs = 0, linksOpened = 0;
        for (var session = 0; session < 200; session++)
        {
            var presenter = random.NextDouble() < 0.15;
            presenterSessions += presenter ? 1 : 0;
            var stopAt = random.NextDouble() < 0.3 ? random.Next(questions.Length) : -1;
            var answers = new List<string>();
            var here = Url(null, answers, presenter);
            await GetAsync(http, here, null);
            for (var i = 0; i < questions.Length; i++)
            {
                var at = Url(questions[i].Id, answers, presenter);
                await GetAsync(http, at, here);
                here = at;
                if (i == stopAt)
                {
                    break;
                }

                if (random.NextDouble() < 0.85)
                {
                    var choices = questions[i].Options;
                    answers.Add($"{questions[i].Id}={choices[random.Next(choices.Length)]}");
                }
            }

            if (stopAt >= 0)
            {
                stopped++;
                continue;
            }

            finished++;
            var result = "/quiz/rag-vs-fine-tuning/result?" + string.Join("&", answers) + (presenter ? "&presenter=1" : "");
            await GetAsync(http, result, here);
            if (random.NextDouble() < 0.2)
            {
                // What if the first answer had been left open: the what-if panel's form, without script.
                await GetAsync(http, "/quiz/rag-vs-fine-tuning/result?" + string.Join("&", answers.Skip(1)) + (presenter ? "&presenter=1" : ""), result);
                whatIfs++;
            }

            if (random.NextDouble() < 0.1)
            {
                await GetAsync(http, result, null);
                linksOpened++;
            }
        }

        output.WriteLine($"200 sessions: {finished} finished, {stopped} stopped part-way, {presenterSessions} in presenter mode");

        // The figures page reads the database: wait until the counter writer has stored the last sessions.
        var stored = await StoredQuizCounts.WaitForAsync(
            site,
            c => c.GetValueOrDefault(("completed", "")) == finished && c.GetValueOrDefault(("what-if", "")) == whatIfs && c.GetValueOrDefault(("link-opened", "")) == linksOpened,
            presenter: null);
        stored.GetValueOrDefault(("completed", "")).Should().Be(finished, "every finished session is stored before the figures are shown");
        stored.GetValueOrDefault(("what-if", "")).Should().Be(whatIfs);
        stored.GetValueOrDefault(("link-opened", "")).Should().Be(linksOpened);

        var page = await fixture.NewPageAsync(1280, 900);
        await StaffBrowser.SignInFirstTimeAsync(page, site.BaseUrl, "/staff/analytics", "admissions@example.org", password);
        (await Accessibility.WcagViolationsAsync(page)).Should().BeEmpty();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "staff-analytics-200-sessions.png"), FullPage = true });
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "staff-analytics-200-sessions-dark.png") });
        await page.EmulateMediaAsync(new() { Media = Media.Print, ColorScheme = ColorScheme.Light });
        await page.PdfAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "staff-analytics-200-sessions.pdf") });

        var csv = await page.APIRequest.GetAsync(site.BaseUrl + "/staff/analytics.csv");
        var text = await csv.TextAsync();
        await File.WriteAllTextAsync(Path.Combine(BrowserFixture.ScreenshotFolder, "staff-analytics-200-sessions.csv"), text);
        output.WriteLine(text);
    }

    private static string Url(string? at, List<string> answers, bool presenter)
    {
        var query = new List<string>();
        if (at is not null)
        {
            query.Add("at=" + at);
        }

        query.AddRange(answers);
        if (presenter)
        {
            query.Add("presenter=1");
        }

        return "/quiz/rag-vs-fine-tuning" + (query.Count == 0 ? "" : "?" + string.Join("&", query));
    }

    private static async Task GetAsync(HttpClient http, string url, string? referer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (referer is not null)
        {
            request.Headers.Referrer = new Uri(http.BaseAddress!, referer);
        }

        (await http.SendAsync(request)).EnsureSuccessStatusCode();
    }
}
