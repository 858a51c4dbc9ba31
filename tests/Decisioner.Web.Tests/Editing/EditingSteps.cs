using System.Net;
using System.Text.RegularExpressions;
using Decisioner.Web.Data;
using Decisioner.Web.Editing;
using Decisioner.Web.Tests.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Decisioner.Web.Tests.Editing;

/// <summary>The editing page and its endpoints used as a browser would: open a file, post its form, read what comes back.</summary>
internal static partial class EditingSteps
{
    public const string Guide = "guides/rag-vs-long-context.md";
    public const string Quiz = "questionnaires/rag-vs-fine-tuning.yaml";

    /// <summary>The edit form as the page wrote it: token, file, base hash and text.</summary>
    public sealed record EditForm(string Html, string Token, string BaseHash, string Text);

    public static async Task<EditForm> OpenAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(EditorLinks.Edit(path));
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, html);
        return new EditForm(html, Token().Match(html).Groups[1].Value, WebUtility.HtmlDecode(BaseHash().Match(html).Groups[1].Value),
            WebUtility.HtmlDecode(TextArea().Match(html).Groups[1].Value));
    }

    /// <summary>Posts the edit form with this text and button; returns the response (a redirect after a publish).</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, EditForm form, string text, string action, string? note = null, bool addToChanges = false, string? baseHash = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = form.Token,
            ["_handler"] = "edit",
            ["Input.File"] = path,
            ["Input.BaseHash"] = baseHash ?? form.BaseHash,
            ["Input.Text"] = text,
            ["Input.Action"] = action,
        };
        if (note is not null)
        {
            fields["Input.Note"] = note;
        }

        if (addToChanges)
        {
            fields["Input.AddToChanges"] = "true";
        }

        return await client.PostAsync(EditorLinks.Edit(path), new FormUrlEncodedContent(fields));
    }

    /// <summary>Posts to one of the editor's endpoints with the page's token.</summary>
    public static Task<HttpResponseMessage> PostApiAsync(HttpClient client, string url, string token, IDictionary<string, string> fields)
    {
        var all = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        return client.PostAsync(url, new FormUrlEncodedContent(all));
    }

    public static async Task<List<ContentVersion>> VersionsAsync(SiteFactory site, string path)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SiteDbContext>().ContentVersions.AsNoTracking().Where(v => v.Path == path).OrderBy(v => v.Id).ToListAsync();
    }

    public static async Task<List<ContentDraft>> DraftsAsync(SiteFactory site)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SiteDbContext>().ContentDrafts.AsNoTracking().ToListAsync();
    }

    /// <summary>An editor's signed-in client and email.</summary>
    public static async Task<(string Email, HttpClient Client)> EditorAsync(SiteFactory site)
    {
        var (email, _, client, _) = await StaffForms.TwoSessionsAsync(site, "editor");
        return (email, client);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("name=\"Input.BaseHash\" value=\"([^\"]*)\"")]
    private static partial Regex BaseHash();

    [GeneratedRegex("<textarea id=\"draft-text\"[^>]*>(.*?)</textarea>", RegexOptions.Singleline)]
    private static partial Regex TextArea();
}
