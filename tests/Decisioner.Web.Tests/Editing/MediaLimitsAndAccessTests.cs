using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Decisioner.Web.Editing;
using Decisioner.Web.Staff;
using Decisioner.Web.Tests.Staff;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static Decisioner.Web.Tests.Editing.MediaSteps;

namespace Decisioner.Web.Tests.Editing;

/// <summary>
/// <c>POST /editor/api/media</c>: the size limit, who may upload and with what token, forms that are
/// not one file, and the audit event; each refusal a problem details answer with nothing written.
/// </summary>
[Collection(MediaSite.Collection)]
public sealed class MediaLimitsAndAccessTests
{
    private readonly MediaSite _site;

    public MediaLimitsAndAccessTests(MediaSite site) => _site = site;

    private SiteFactory Factory => _site.Factory;

    [Fact]
    public async Task AnImageOverTheLimit_Is413ProblemDetails_AndOneAtTheLimitIsSaved()
    {
        var editor = await StaffSignIn.AsAsync(Factory, "editor");
        var before = _site.MediaFiles();

        var over = await UploadAsync(editor, TestImages.PngVariant(MediaSite.Limit + 1), "big.png");

        await ShouldBeProblem(over, HttpStatusCode.RequestEntityTooLarge, "at most 4,096 bytes");
        _site.MediaFiles().Should().Equal(before);

        var at = await UploadAsync(editor, TestImages.PngVariant(MediaSite.Limit), "big.png");
        at.StatusCode.Should().Be(HttpStatusCode.Created);
        new FileInfo(Path.Combine(_site.Media, "big.png")).Length.Should().Be(MediaSite.Limit);
    }

    [Fact]
    public void TheEndpoint_CarriesTheBodyLimit_SoTheServerStopsReadingPastIt()
    {
        Factory.CreateClient();
        var endpoint = Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Single(e => e.RoutePattern.RawText == MediaEndpoints.UploadPath);

        endpoint.Metadata.GetMetadata<IRequestSizeLimitMetadata>()!.MaxRequestBodySize.Should().Be(MediaSite.Limit + MediaEndpoints.FormOverheadBytes);
    }

    [Fact]
    public async Task AnUpload_IsAnAuditEvent_WithTheFileNameAndSize()
    {
        var editor = await StaffSignIn.AsAsync(Factory, "editor");

        (await UploadAsync(editor, TestImages.Gif, "Audited Diagram.gif", alt: "The audited diagram")).StatusCode.Should().Be(HttpStatusCode.Created);

        var line = (await StaffForms.AuditAsync(Factory)).Last(e => e.Event == AuditEvents.MediaUploaded);
        line.Target.Should().Be("audited-diagram.gif");
        line.Detail.Should().Be($"{TestImages.Gif.Length} bytes, GIF 3×2");
        line.Actor.Should().StartWith("editor-");
        line.Address.Should().BeNull("addresses are not recorded by default");
        AuditEvents.Label(AuditEvents.MediaUploaded).Should().Be("Image uploaded");
    }

    [Fact]
    public async Task AnAdmin_MayUpload_AnAdmissionsAccount_Gets403_AndNothingIsWritten()
    {
        var admin = await StaffSignIn.AsAsync(Factory, "admin");
        (await UploadAsync(admin, TestImages.Png, "by-admin.png")).StatusCode.Should().Be(HttpStatusCode.Created);

        var admissions = await StaffSignIn.AsAsync(Factory, "admissions");
        var before = _site.MediaFiles();
        var audit = (await StaffForms.AuditAsync(Factory)).Count(e => e.Event == AuditEvents.MediaUploaded);

        var response = await UploadAsync(admissions, TestImages.Png, "by-admissions.png");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden, "a valid token does not make up for the missing role");
        _site.MediaFiles().Should().Equal(before);
        (await StaffForms.AuditAsync(Factory)).Count(e => e.Event == AuditEvents.MediaUploaded).Should().Be(audit);
    }

    [Fact]
    public async Task AVisitorWhoIsNotSignedIn_Gets401_AndNothingIsWritten()
    {
        var before = _site.MediaFiles();

        var response = await StaffSignIn.Client(Factory).PostAsync(MediaEndpoints.UploadPath, Multipart(("file", "anon.png", TestImages.Png)));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        _site.MediaFiles().Should().Equal(before);
    }

    [Fact]
    public async Task WithoutAnAntiforgeryToken_Is400_AndNothingIsWritten()
    {
        var editor = await StaffSignIn.AsAsync(Factory, "editor");
        var before = _site.MediaFiles();

        var missing = await editor.PostAsync(MediaEndpoints.UploadPath, Multipart(("file", "no-token.png", TestImages.Png)));
        var wrong = await editor.PostAsync(MediaEndpoints.UploadPath, Multipart(("__RequestVerificationToken", null, "CfDJ8-not-a-token"u8.ToArray()), ("file", "wrong-token.png", TestImages.Png)));

        await ShouldBeProblem(missing, HttpStatusCode.BadRequest, "antiforgery token is missing or out of date");
        await ShouldBeProblem(wrong, HttpStatusCode.BadRequest, "antiforgery token is missing or out of date");
        _site.MediaFiles().Should().Equal(before);
    }

    [Fact]
    public async Task TheTokenInAHeader_IsAcceptedToo_AsAScriptSendsIt()
    {
        var editor = await StaffSignIn.AsAsync(Factory, "editor");
        using var request = new HttpRequestMessage(HttpMethod.Post, MediaEndpoints.UploadPath) { Content = Multipart(("file", "from-script.webp", TestImages.WebP)) };
        request.Headers.Add("RequestVerificationToken", await TokenAsync(editor));

        var response = await editor.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        (await AnswerOf(response)).Path.Should().Be("/media/from-script.webp");
    }

    [Fact]
    public async Task AFormWithoutOneFile_Is400_SayingWhatToSend()
    {
        var editor = await StaffSignIn.AsAsync(Factory, "editor");
        var token = Encoding.UTF8.GetBytes(await TokenAsync(editor));

        var none = await editor.PostAsync(MediaEndpoints.UploadPath, Multipart(("__RequestVerificationToken", null, token), ("alt", null, "words"u8.ToArray())));
        var wrongField = await editor.PostAsync(MediaEndpoints.UploadPath, Multipart(("__RequestVerificationToken", null, token), ("image", "a.png", TestImages.Png)));
        var two = await editor.PostAsync(MediaEndpoints.UploadPath, Multipart(("__RequestVerificationToken", null, token), ("file", "a.png", TestImages.Png), ("file", "b.png", TestImages.Gif)));
        var urlEncoded = await editor.PostAsync(MediaEndpoints.UploadPath, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Encoding.UTF8.GetString(token), ["file"] = "x" }));

        await ShouldBeProblem(none, HttpStatusCode.BadRequest, "in a form field named 'file'");
        await ShouldBeProblem(wrongField, HttpStatusCode.BadRequest, "in a form field named 'file'");
        await ShouldBeProblem(two, HttpStatusCode.BadRequest, "one image at a time");
        await ShouldBeProblem(urlEncoded, HttpStatusCode.BadRequest, "in a form field named 'file'");

        using var json = new HttpRequestMessage(HttpMethod.Post, MediaEndpoints.UploadPath) { Content = new StringContent("{\"file\":\"iVBORw0KGgo=\"}", Encoding.UTF8, "application/json") };
        json.Headers.Add("RequestVerificationToken", Encoding.UTF8.GetString(token));
        await ShouldBeProblem(await editor.SendAsync(json), HttpStatusCode.BadRequest, "as multipart/form-data");
    }

    [Fact]
    public async Task AMalformedMultipartBody_Is400_SayingSo()
    {
        var editor = await StaffSignIn.AsAsync(Factory, "editor");
        var token = await TokenAsync(editor);
        // The token is read from the header, so the form is first read by the endpoint; then with the token in
        // the form, so it is first read by the antiforgery check. A part that never ends, either way.
        var broken = new ByteArrayContent("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\nno end"u8.ToArray());
        broken.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        using var request = new HttpRequestMessage(HttpMethod.Post, MediaEndpoints.UploadPath) { Content = broken };
        request.Headers.Add("RequestVerificationToken", token);

        await ShouldBeProblem(await editor.SendAsync(request), HttpStatusCode.BadRequest, "not a readable multipart form");
        await ShouldBeProblem(await editor.PostAsync(MediaEndpoints.UploadPath, broken), HttpStatusCode.BadRequest, "not a readable multipart form");
    }
}
