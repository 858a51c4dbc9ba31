using System.Net;
using System.Text;
using Decisioner.Tests;
using Decisioner.Web.Editing;
using Decisioner.Web.Staff;
using Decisioner.Web.Tests.Desk;
using Microsoft.Extensions.DependencyInjection;

namespace Decisioner.Web.Tests.Editing;

/// <summary>
/// The body limit as production applies it: Kestrel reads the endpoint's size metadata and stops reading
/// past it, with or without a Content-Length (the in-memory test server has no body limit). Cookies are
/// carried by hand: the staff cookie is Secure, and this server speaks plain HTTP on a free port.
/// </summary>
public sealed class MediaUploadOnKestrelTests : IDisposable
{
    private readonly TempContent _content = TempContent.CopyOfShipped();
    private readonly SiteFactory _site;
    private readonly HttpClient _client;
    private readonly Dictionary<string, string> _cookies = [];

    /// <summary>The image limit here is twice the server's own body limit, which the endpoint raises for itself.</summary>
    private const int ImageLimit = 32 * 1024;

    public MediaUploadOnKestrelTests()
    {
        _site = new SiteFactory(_content.Root, new Dictionary<string, string>
        {
            ["Limits:MaxRequestBodyBytes"] = "16384",
            ["Editor:MaxImageBytes"] = ImageLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        _site.UseKestrel(0);
        _site.StartServer();
        var address = _site.CreateClient().BaseAddress!;
        _client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = address };
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ABodyPastTheLimit_Is413ProblemDetails_WithOrWithoutAContentLength_AndNothingIsWritten(bool chunked)
    {
        await SignInAsEditorAsync();
        var token = await TokenAsync();
        // A small image in a body past the endpoint's limit (a long extra field): only the server's limit, applied
        // while the body is read, can refuse it.
        var padding = Encoding.ASCII.GetBytes(new string('p', ImageLimit + MediaEndpoints.FormOverheadBytes));
        var body = MediaSteps.Multipart(("__RequestVerificationToken", null, token), ("padding", null, padding), ("file", "padded.png", TestImages.Png));
        var content = new StreamContent(new MemoryStream(await body.ReadAsByteArrayAsync()));
        content.Headers.ContentType = body.Headers.ContentType;

        var response = await SendAsync(HttpMethod.Post, MediaEndpoints.UploadPath, content, chunked);

        await MediaSteps.ShouldBeProblem(response, HttpStatusCode.RequestEntityTooLarge, "at most 32,768 bytes");
        Directory.GetFiles(Path.Combine(_content.Root, "media")).Should().BeEmpty();
    }

    [Fact]
    public async Task AnImageAtTheLimit_GetsPastTheServersSmallerBodyLimit_IsSaved_AndServed()
    {
        await SignInAsEditorAsync();
        var token = await TokenAsync();
        var image = TestImages.PngVariant(ImageLimit);

        var response = await SendAsync(HttpMethod.Post, MediaEndpoints.UploadPath, MediaSteps.Multipart(("__RequestVerificationToken", null, token), ("alt", null, "A padded PNG"u8.ToArray()), ("file", "at-limit.png", image)));

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var served = await _client.GetAsync("/media/at-limit.png");
        served.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        (await served.Content.ReadAsByteArrayAsync()).Should().Equal(image);
    }

    /// <summary>
    /// The editing page's endpoints read their form the same way (PostedForm): past their limit the answer is a 413
    /// that says so, not a complaint about the token the server stopped reading before it reached; a body that is
    /// not a form is told to send one; a form without its token is refused as such.
    /// </summary>
    [Fact]
    public async Task TheEditorsPreview_SaysWhatIsWrongWithItsForm()
    {
        await SignInAsEditorAsync();
        var token = Encoding.UTF8.GetString(await TokenAsync());
        var fields = new Dictionary<string, string> { ["file"] = "guides/rag-vs-long-context.md" };

        var tooLarge = await SendAsync(HttpMethod.Post, EditorLinks.PreviewApi, new FormUrlEncodedContent(new Dictionary<string, string>(fields)
        {
            ["text"] = new string('x', EditingLimits.RequestBytes),
            ["__RequestVerificationToken"] = token,
        }));
        await MediaSteps.ShouldBeProblem(tooLarge, HttpStatusCode.RequestEntityTooLarge, "larger than 2,097,152 bytes");

        using var json = new StringContent("""{"file":"guides/rag-vs-long-context.md","text":"# Hello"}""", Encoding.UTF8, "application/json");
        json.Headers.Add("RequestVerificationToken", token);
        await MediaSteps.ShouldBeProblem(await SendAsync(HttpMethod.Post, EditorLinks.PreviewApi, json), HttpStatusCode.BadRequest, "Send the fields as a form");

        var noToken = await SendAsync(HttpMethod.Post, EditorLinks.PreviewApi, new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["text"] = "# Hello" }));
        await MediaSteps.ShouldBeProblem(noToken, HttpStatusCode.BadRequest, "token is missing or out of date");

        var fine = await SendAsync(HttpMethod.Post, EditorLinks.PreviewApi, new FormUrlEncodedContent(new Dictionary<string, string>(fields)
        {
            ["text"] = "# Hello",
            ["__RequestVerificationToken"] = token,
        }));
        fine.StatusCode.Should().Be(HttpStatusCode.OK, "the same form with its token and a short text is previewed");
    }

    public void Dispose()
    {
        _client.Dispose();
        _site.Dispose();
        _content.Dispose();
    }

    /// <summary>An editor account added as <c>users add</c> does, signed in through the sign-in form, its printed password replaced.</summary>
    private async Task SignInAsEditorAsync()
    {
        var email = $"editor-{Guid.NewGuid():N}@example.org";
        string printed;
        await using (var scope = _site.Services.CreateAsyncScope())
        {
            var added = await scope.ServiceProvider.GetRequiredService<StaffAccountService>().AddAsync("test", email, StaffRoles.Editor);
            added.Succeeded.Should().BeTrue(added.Message);
            printed = added.Password!;
        }

        (await PostFormAsync(StaffAccounts.SignInPath, "sign-in", new() { ["Input.Email"] = email, ["Input.Password"] = printed })).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await PostFormAsync(StaffAccounts.PasswordPath, "password", new() { ["Input.Current"] = printed, ["Input.New"] = "an editor's own long password" })).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await SendAsync(HttpMethod.Get, "/staff")).StatusCode.Should().Be(HttpStatusCode.OK, "signed in");
    }

    private async Task<HttpResponseMessage> PostFormAsync(string page, string handler, Dictionary<string, string> fields)
    {
        var html = await (await SendAsync(HttpMethod.Get, page)).Content.ReadAsStringAsync();
        fields["__RequestVerificationToken"] = DeskSteps.TokenOf(html);
        fields["_handler"] = handler;
        return await SendAsync(HttpMethod.Post, page, new FormUrlEncodedContent(fields));
    }

    private async Task<byte[]> TokenAsync() =>
        Encoding.UTF8.GetBytes(DeskSteps.TokenOf(await (await SendAsync(HttpMethod.Get, "/staff")).Content.ReadAsStringAsync()));

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null, bool chunked = false)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.TransferEncodingChunked = chunked ? true : null;
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await _client.SendAsync(request);
        foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            var pair = header.Split(';', 2)[0].Split('=', 2);
            _cookies[pair[0]] = pair[1];
        }

        return response;
    }
}
