using System.Net;
using Decisioner.Tests;
using Decisioner.Web.Editing;
using Decisioner.Web.Tests.Staff;

namespace Decisioner.Web.Tests.Editing;

/// <summary>
/// Every editor page and endpoint names its file by path. A path that leads anywhere but an editable file, in any
/// spelling, is refused before a file is touched; an account without the editor role is refused and nothing is written.
/// </summary>
public sealed class EditorAccessTests : IDisposable
{
    private const string Canary = "CANARY-outside-the-content-folder";

    private readonly TempContent _outside = TempContent.Empty();
    private readonly string _contentRoot;
    private readonly SiteFactory _site;

    public EditorAccessTests()
    {
        // The content folder sits inside a folder that also holds a secret: the target of every climb below.
        _outside.Write("secret.md", Canary).Write("site.yaml", Canary);
        var content = Path.Combine(_outside.Root, "content");
        foreach (var file in Directory.EnumerateFiles(TestPaths.Content, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(content, Path.GetRelativePath(TestPaths.Content, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        _contentRoot = content;
        _site = new SiteFactory(content);
    }

    /// <summary>The usual traversal corpus, and names that only look editable.</summary>
    public static TheoryData<string> Hostile() =>
    [
        "../secret.md", "../site.yaml", "..%2fsecret.md", "%2e%2e/secret.md", "%2e%2e%2fsecret.md", "%252e%252e%252fsecret.md",
        "guides/../../secret.md", "guides/..%2f..%2fsecret.md", "guides/%2e%2e/%2e%2e/secret.md", "guides/..\\..\\secret.md",
        "..\\secret.md", "/etc/passwd", "/site.yaml", "file:///etc/passwd", "C:\\Windows\\win.ini", "\\\\server\\share\\x.md",
        "guides/rag-vs-fine-tuning.md\0.png", "guides/rag-vs-fine-tuning.md%00", "guides/./rag-vs-fine-tuning.md", "./site.yaml",
        "GUIDES/rag-vs-fine-tuning.md", "guides/rag-vs-fine-tuning.MD", "guides/rag-vs-fine-tuning.md/", "guides//rag-vs-fine-tuning.md",
        "guides/.hidden.md", "guides/a/b.md", "guides/ｒag-vs-fine-tuning.md", "guides/rag‐vs‐fine‐tuning.md", "~/secret.md",
        "secret.md", "media/../site.yaml", "emails/other.md", "questionnaires/rag-vs-fine-tuning.yml", " site.yaml", "site.yaml ",
        "..", ".", "", "guides/", "guides/-x.md", "guides/" + new string('a', 200) + ".md",
    ];

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task EveryEditorPageAndEndpoint_RefusesAPathOutsideTheEditableFiles(string path)
    {
        var before = Snapshot();
        var (_, editor) = await EditingSteps.EditorAsync(_site);
        var token = (await EditingSteps.OpenAsync(editor, "site.yaml")).Token;
        var escaped = Uri.EscapeDataString(path);

        // Escaped, and as typed (an address cannot end with a space: the client trims it, so that one is sent escaped only).
        var pages = new List<string> { "/editor/edit?file=" + escaped, "/editor/history?file=" + escaped };
        if (path.Trim() == path)
        {
            pages.AddRange(["/editor/edit?file=" + path, "/editor/history?file=" + path]);
        }

        foreach (var page in pages)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, page);
            var response = await editor.SendAsync(request);
            var html = await response.Content.ReadAsStringAsync();
            ((int)response.StatusCode).Should().BeInRange(400, 499, $"GET {page}");
            html.Should().NotContain(Canary);
        }

        foreach (var endpoint in new[] { EditorLinks.PreviewApi, EditorLinks.ImpactApi, EditorLinks.DraftApi, EditorLinks.PublishApi })
        {
            var response = await EditingSteps.PostApiAsync(editor, endpoint, token, new Dictionary<string, string>
            {
                ["file"] = path,
                ["text"] = "---\ntitle: x\n---\n",
                ["note"] = "an attempt",
                ["confirm"] = "true",
            });
            var body = await response.Content.ReadAsStringAsync();
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest, $"POST {endpoint} with file={path}: {body}");
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            body.Should().NotContain(Canary);
        }

        // The page form names its file too: a post whose form names another file than the address saves nothing.
        var form = await EditingSteps.OpenAsync(editor, "site.yaml");
        var posted = await editor.PostAsync(EditorLinks.Edit("site.yaml"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = form.Token,
            ["_handler"] = "edit",
            ["Input.File"] = path,
            ["Input.Text"] = "overwritten",
            ["Input.Note"] = "an attempt",
            ["Input.Action"] = "publish-anyway",
        }));
        if (posted.IsSuccessStatusCode)
        {
            WebUtility.HtmlDecode(await posted.Content.ReadAsStringAsync()).Should().Contain("This form was for another file");
        }
        else
        {
            // A form the server cannot read at all (a NUL in a value) is refused before the page runs.
            ((int)posted.StatusCode).Should().BeInRange(400, 499);
        }

        Snapshot().Should().Equal(before, "nothing inside or outside the content folder was written");
        (await EditingSteps.DraftsAsync(_site)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("admissions")]
    [InlineData("anonymous")]
    public async Task AnAccountThatIsNotAnEditor_IsRefused_AndNothingIsWritten(string who)
    {
        var before = Snapshot();
        HttpClient client;
        string token;
        if (who == "anonymous")
        {
            client = StaffForms.Client(_site);
            token = "no-token";
        }
        else
        {
            (_, _, client, _) = await StaffForms.TwoSessionsAsync(_site, who);
            // A token this account really has (from a page it may open): refusal must come from the role, not the token.
            token = System.Text.RegularExpressions.Regex.Match(await client.GetStringAsync("/staff/desk/new?quiz=rag-vs-fine-tuning&answers=gap%3Dbehavior"),
                "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        }

        foreach (var page in new[] { "/editor", EditorLinks.Edit("site.yaml"), EditorLinks.History("site.yaml"), EditorLinks.NewGuide, EditorLinks.Draft(Guid.NewGuid()) })
        {
            var response = await client.GetAsync(page);
            Refused(response).Should().BeTrue($"GET {page} as {who}: {(int)response.StatusCode} {response.Headers.Location}");
        }

        var text = await File.ReadAllTextAsync(Path.Combine(_contentRoot, "site.yaml")) + "\n# changed\n";
        foreach (var endpoint in new[] { EditorLinks.PreviewApi, EditorLinks.ImpactApi, EditorLinks.DraftApi, EditorLinks.PublishApi })
        {
            var response = await EditingSteps.PostApiAsync(client, endpoint, token, new Dictionary<string, string>
            {
                ["file"] = "site.yaml",
                ["text"] = text,
                ["note"] = "an attempt",
                ["confirm"] = "true",
            });
            Refused(response).Should().BeTrue($"POST {endpoint} as {who}: {(int)response.StatusCode}");
        }

        var publish = await client.PostAsync(EditorLinks.Edit("site.yaml"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "edit",
            ["Input.File"] = "site.yaml",
            ["Input.Text"] = text,
            ["Input.Note"] = "an attempt",
            ["Input.Action"] = "publish-anyway",
        }));
        Refused(publish).Should().BeTrue($"the editing form as {who}: {(int)publish.StatusCode}");

        Snapshot().Should().Equal(before);
        (await EditingSteps.DraftsAsync(_site)).Should().BeEmpty();
        (await EditingSteps.VersionsAsync(_site, "site.yaml")).Should().BeEmpty();
    }

    public void Dispose()
    {
        _site.Dispose();
        _outside.Dispose();
    }

    private static bool Refused(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString is var to
            && (to.Contains(Decisioner.Web.Staff.StaffAccounts.SignInPath, StringComparison.Ordinal) || to.Contains(Decisioner.Web.Staff.StaffAccounts.DeniedPath, StringComparison.Ordinal)));

    /// <summary>Every file under the outer folder (the content folder and the secret beside it) with its text.</summary>
    private List<string> Snapshot() =>
        [.. Directory.EnumerateFiles(_outside.Root, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "media" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => Path.GetRelativePath(_outside.Root, f) + ":" + Decisioner.Core.Content.TextHash.Of(File.ReadAllText(f)))];
}
