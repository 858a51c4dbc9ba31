using System.Net;
using System.Text.RegularExpressions;
using Decisioner.Web.Data;
using Decisioner.Web.Desk;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Decisioner.Web.Tests.Desk;

/// <summary>The desk used as a browser would: the result page's save form, the session page's forms, the export form.</summary>
internal static partial class DeskSteps
{
    public const string Answers = "gap=behavior&examples=50-500&evaluation=automated&capacity=managed-service";

    public const string PublicResult = "/quiz/rag-vs-fine-tuning/result?" + Answers;

    public const string PresenterResult = PublicResult + "&presenter=1";

    /// <summary>Opens the result in presenter mode, fills the save form (its token and key as shown) and posts it.</summary>
    public static async Task<HttpResponseMessage> SaveAsync(HttpClient client, IDictionary<string, string>? fields = null, string? page = null)
    {
        var html = await client.GetStringAsync(page ?? PresenterResult);
        html.Should().Contain("Save this session");
        var form = FormFields(html);
        foreach (var (key, value) in fields ?? new Dictionary<string, string>())
        {
            form[key] = value;
        }

        return await client.PostAsync("/staff/desk/new", new FormUrlEncodedContent(form));
    }

    /// <summary>The save form's fields as the page wrote them (hidden ones, and the token).</summary>
    public static Dictionary<string, string> FormFields(string html) => new()
    {
        ["__RequestVerificationToken"] = Token().Match(html).Groups[1].Value,
        ["_handler"] = "save",
        ["Input.QuizId"] = Hidden(html, "Input.QuizId"),
        ["Input.Answers"] = WebUtility.HtmlDecode(Hidden(html, "Input.Answers")),
        ["Input.Key"] = Hidden(html, "Input.Key"),
    };

    /// <summary>Saves and returns the new session's id, read from where the answer sends the browser.</summary>
    public static async Task<Guid> SavedIdAsync(HttpClient client, IDictionary<string, string>? fields = null)
    {
        var response = await SaveAsync(client, fields);
        response.StatusCode.Should().Be(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return IdOf(response);
    }

    public static Guid IdOf(HttpResponseMessage response) =>
        Guid.Parse(SessionPath().Match(response.Headers.Location!.OriginalString).Groups[1].Value);

    /// <summary>
    /// Posts one of the session page's forms with the token of the page as this client sees it, and returns
    /// the page the browser then shows: the answer to the post when the change was refused, or, when it was
    /// made, the session page the answer redirects to (post, redirect, get), which must be this session's with a ?done= flag.
    /// </summary>
    public static async Task<string> PostSessionFormAsync(HttpClient client, Guid id, string formName, IDictionary<string, string> fields, string? html = null, string query = "")
    {
        var response = await PostSessionFormRawAsync(client, id, formName, fields, html, query);
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            var landing = response.Headers.Location!.OriginalString;
            landing.Should().MatchRegex($"^(https://localhost)?/staff/desk/{id:D}\\?done=[a-z-]+$", "a change made sends the browser back to the session with a flag only");
            response = await client.GetAsync(landing);
        }

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts one of the session page's forms and returns the answer as it is, redirect or page.</summary>
    public static async Task<HttpResponseMessage> PostSessionFormRawAsync(HttpClient client, Guid id, string formName, IDictionary<string, string> fields, string? html = null, string query = "")
    {
        html ??= await client.GetStringAsync($"/staff/desk/{id:D}");
        var form = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = Token().Match(html).Groups[1].Value,
            ["_handler"] = formName,
        };
        return await client.PostAsync($"/staff/desk/{id:D}{query}", new FormUrlEncodedContent(form));
    }

    public static string VersionOn(string html) => Hidden(html, "Update.Version");

    /// <summary>Posts the desk's export form as the desk page shows it.</summary>
    public static async Task<HttpResponseMessage> ExportAsync(HttpClient client, IDictionary<string, string>? fields = null)
    {
        var html = await client.GetStringAsync("/staff/desk");
        var form = new Dictionary<string, string>(fields ?? new Dictionary<string, string>())
        {
            ["__RequestVerificationToken"] = Token().Match(html).Groups[1].Value,
        };
        return await client.PostAsync(DeskEndpoints.ExportPath, new FormUrlEncodedContent(form));
    }

    public static async Task<DeskSession?> StoredAsync(WebApplicationFactory<Program> site, Guid id)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SiteDbContext>().DeskSessions.AsNoTracking().AsSplitQuery()
            .Include(s => s.Notes).Include(s => s.Consents).Include(s => s.StatusChanges)
            .FirstOrDefaultAsync(s => s.Id == id);
    }

    /// <summary>The antiforgery token a page wrote into its forms.</summary>
    public static string TokenOf(string html) => Token().Match(html).Groups[1].Value;

    private static string Hidden(string html, string name) =>
        Regex.Match(html, "name=\"" + Regex.Escape(name) + "\" value=\"([^\"]*)\"").Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("/staff/desk/([0-9a-f-]{36})$")]
    private static partial Regex SessionPath();
}
