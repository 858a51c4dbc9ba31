using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Decisioner.Tests;
using Decisioner.Web.Editing;
using Decisioner.Web.Staff;
using Decisioner.Web.Tests.Desk;
using Decisioner.Web.Tests.Staff;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Decisioner.Web.Tests.Editing;

/// <summary>
/// Real images, each 3 by 2 pixels, made by Chromium's encoders (PNG, JPEG, WebP lossy and lossless, WebP
/// extended with alpha) and a GIF written by hand; every one loads in Chromium as 3 by 2.
/// </summary>
internal static class TestImages
{
    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAYAAACddGYaAAAAF0lEQVR4AWI6w2D8n2Hm//8gmokBCQAAAAD//3m9zgkAAAAGSURBVAMAfh0GmIHyMBIAAAAASUVORK5CYII=");

    public static readonly byte[] Jpeg = Convert.FromBase64String("/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAACAAMDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAf/xAAaEAEAAQUAAAAAAAAAAAAAAAAAAgMEM3Oy/8QAFQEBAQAAAAAAAAAAAAAAAAAAAwf/xAAeEQAABAcAAAAAAAAAAAAAAAAAAQKxAwQFMzRxcv/aAAwDAQACEQMRAD8Am1/njqpcRAHM3l7NxY6bhweUsQ//2Q==");

    public static readonly byte[] Gif = Convert.FromBase64String("R0lGODlhAwACAIAAAMwAMwCZ/ywAAAAAAwACAAACBAwYECgAOw==");

    /// <summary>Lossy: one VP8 chunk.</summary>
    public static readonly byte[] WebP = Convert.FromBase64String("UklGRlYAAABXRUJQVlA4IEoAAABwAgCdASoDAAIAAUAmJagCdEcAZIB+gALdrLwsAP713+G/+niR/A8CE6pF+YsEJcn/7iH/0YFO/H//4kL//cQ/+jAp34//hAgAAA==");

    /// <summary>Lossless: one VP8L chunk.</summary>
    public static readonly byte[] WebPLossless = Convert.FromBase64String("UklGRiIAAABXRUJQVlA4TBUAAAAvAkAAAA/ws8xhPs3//EcLWhDR/wAA");

    /// <summary>Extended (VP8X), with a colour profile and alpha, as Chromium writes it.</summary>
    public static readonly byte[] WebPExtended = Convert.FromBase64String("UklGRkwCAABXRUJQVlA4WAoAAAAwAAAAAgAAAQAASUNDUMgBAAAAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADZBTFBIBwAAAAD//////wAAVlA4IE4AAACQAgCdASoDAAIAAUAmJagCdEcAZIB+gALdntvgAAD+8uQhZ/ouQyJDz+YsEJ1SL8xYIS5P/3EP/owKd+P//xIX/+4h/9GBTvx//CBAAAA=");

    public static readonly byte[] Svg = Encoding.UTF8.GetBytes("\uFEFF<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"3\" height=\"2\"><script>alert(1)</script></svg>");

    public static byte[] Named(string name) => name switch
    {
        "png" => Png,
        "jpeg" => Jpeg,
        "gif" => Gif,
        "webp" => WebP,
        "webp-lossless" => WebPLossless,
        "webp-extended" => WebPExtended,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    /// <summary>The PNG with bytes after its end: still a PNG, but not the same bytes.</summary>
    public static byte[] PngVariant(int size, byte fill = 0x55)
    {
        var data = new byte[size];
        Png.CopyTo(data, 0);
        data.AsSpan(Png.Length).Fill(fill);
        return data;
    }
}

/// <summary>What the bytes are, a safe name and the alt text: the parts of an upload that need no request.</summary>
public sealed class MediaInspectionTests
{
    [Theory]
    [InlineData("png", ImageKind.Png, "png")]
    [InlineData("jpeg", ImageKind.Jpeg, "jpg")]
    [InlineData("gif", ImageKind.Gif, "gif")]
    [InlineData("webp", ImageKind.WebP, "webp")]
    [InlineData("webp-lossless", ImageKind.WebP, "webp")]
    [InlineData("webp-extended", ImageKind.WebP, "webp")]
    public void EachAcceptedType_IsKnownByItsContent_WithItsWidthAndHeight(string name, ImageKind kind, string extension)
    {
        var image = MediaUpload.Inspect(TestImages.Named(name), out var reason);

        image.Should().Be(new ImageInfo(kind, 3, 2), reason);
        image!.Extension.Should().Be(extension);
    }

    [Theory]
    [InlineData("png")]
    [InlineData("jpeg")]
    [InlineData("gif")]
    [InlineData("webp")]
    [InlineData("webp-lossless")]
    [InlineData("webp-extended")]
    public void AnImageCutShortBeforeItsSize_IsRefused_AsDamaged(string name)
    {
        var data = TestImages.Named(name);
        // Up to the start of the size fields (for a JPEG, its whole head up to the frame header).
        var cut = name == "jpeg" ? data.AsSpan().IndexOf([(byte)0xFF, (byte)0xC0]) + 4 : name == "gif" ? 8 : name == "png" ? 20 : 24;

        MediaUpload.Inspect(data.AsSpan(0, cut), out var reason).Should().BeNull();
        reason.Should().Contain("header is cut short or damaged");
    }

    [Fact]
    public void SizesOfZero_AreDamage_NotAnImage()
    {
        var gif = (byte[])TestImages.Gif.Clone();
        gif[6] = 0;
        MediaUpload.Inspect(gif, out var reason).Should().BeNull();
        reason.Should().Contain("GIF");

        var png = (byte[])TestImages.Png.Clone();
        png.AsSpan(16, 4).Clear();
        MediaUpload.Inspect(png, out _).Should().BeNull();
    }

    [Fact]
    public void AWebPWhoseContainerClaimsMoreThanTheFileHolds_IsDamaged()
    {
        var webp = (byte[])TestImages.WebP.Clone();
        webp[5] = 0x10; // RIFF size now over 4 KB

        MediaUpload.Inspect(webp, out var reason).Should().BeNull();
        reason.Should().Contain("WebP");
    }

    [Theory]
    [InlineData("just some text, in a file named photo.png")]
    [InlineData("<html><body><img src=x onerror=alert(1)></body></html>")]
    [InlineData("BM")] // a Windows bitmap's signature: not a type the site accepts
    [InlineData("RIFF....WAVEfmt ")]
    public void AnythingElse_IsRefused_SayingWhat(string text)
    {
        MediaUpload.Inspect(Encoding.UTF8.GetBytes(text), out var reason).Should().BeNull();
        reason.Should().Be("The file is not a PNG, JPEG, GIF or WebP image. Its content was checked, not its name.");
    }

    [Fact]
    public void Svg_IsRefused_Because_ItCanCarryScript()
    {
        MediaUpload.Inspect(TestImages.Svg, out var reason).Should().BeNull();
        reason.Should().Contain("SVG").And.Contain("script");
    }

    [Fact]
    public void AnEmptyFile_IsRefused()
    {
        MediaUpload.Inspect([], out var reason).Should().BeNull();
        reason.Should().Be("The file is empty.");
    }

    [Theory]
    [InlineData("Photo of the lab.PNG", "photo-of-the-lab")]
    [InlineData("../../x.png", "x")]
    [InlineData("..\\..\\windows\\x.png", "x")]
    [InlineData("C:\\fakepath\\Diagram.jpg", "diagram")]
    [InlineData("%2e%2e%2fx.png", "x")]
    [InlineData("%252e%252e%252fx.png", "2e-2e-2fx")] // decoded once only: the rest is plain text
    [InlineData("x.png\0.jpg", "x-png")]
    [InlineData("CON.png", "con-image")]
    [InlineData("lpt1", "lpt1-image")]
    [InlineData("Café Ünïcode 写真.png", "cafe-unicode")]
    [InlineData("写真.png", "image")]
    [InlineData(".htaccess", "htaccess")]
    [InlineData("", "image")]
    [InlineData(null, "image")]
    [InlineData("---a___b  c---.gif", "a-b-c")]
    [InlineData("\ud800broken.png", "broken")]
    public void AnUploadedName_BecomesASafeStem(string? uploaded, string expected)
    {
        MediaUpload.SafeStem(uploaded).Should().Be(expected);
    }

    [Fact]
    public void ALongName_IsCut_AndNeverEndsInAHyphen()
    {
        MediaUpload.SafeStem(new string('a', 300) + ".png").Should().Be(new string('a', MediaUpload.MaxStemLength));
        MediaUpload.SafeStem(new string('a', 59) + " b.png").Should().Be(new string('a', 59));
    }

    [Theory]
    [InlineData("  A [bright] diagram \\ ", "x", "A bright diagram")]
    [InlineData("Two\r\nlines\tand\0a NUL", "x", "Two lines and a NUL")]
    [InlineData("[]", "lab-photo", "lab photo")]
    [InlineData(null, "lab-photo", "lab photo")]
    public void AltText_IsOneLineWithoutBrackets_OrTheStemInWords(string? given, string stem, string expected)
    {
        MediaUpload.AltText(given, stem).Should().Be(expected);
    }
}

/// <summary>
/// <c>POST /editor/api/media</c> on the real pipeline, over a copy of the shipped content that has no
/// <c>media/</c> folder when the site starts, with the image limit set to 4 KiB.
/// </summary>
public sealed class MediaUploadTests : IClassFixture<MediaUploadTests.Site>
{
    public const int Limit = 4096;

    private readonly Site _site;

    public MediaUploadTests(Site site) => _site = site;

    /// <summary>One site for the class, over its own content folder.</summary>
    public sealed class Site : IDisposable
    {
        public Site()
        {
            Content = TempContent.CopyOfShipped();
            Directory.Exists(Path.Combine(Content.Root, "media")).Should().BeFalse("the site starts without a media folder");
            Factory = new SiteFactory(Content.Root, new Dictionary<string, string> { ["Editor:MaxImageBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        internal TempContent Content { get; }

        public SiteFactory Factory { get; }

        public string Media => Path.Combine(Content.Root, "media");

        public void Dispose()
        {
            Factory.Dispose();
            Content.Dispose();
        }
    }

    private SiteFactory Factory => _site.Factory;

    [Theory]
    [InlineData("png", "image/png", ".png")]
    [InlineData("jpeg", "image/jpeg", ".jpg")]
    [InlineData("gif", "image/gif", ".gif")]
    [InlineData("webp", "image/webp", ".webp")]
    [InlineData("webp-lossless", "image/webp", ".webp")]
    [InlineData("webp-extended", "image/webp", ".webp")]
    public async Task EachAcceptedType_IsSaved_AnsweredAsMarkdown_AndServedWithItsType(string name, string mediaType, string extension)
    {
        var editor = await StaffSignIn.AsAsync(Factory, "editor");
        var bytes = TestImages.Named(name);

        var response = await UploadAsync(editor, bytes, $"Sample {name}.bin", alt: "A sample " + name);

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var answer = await AnswerOf(response);
        var file = $"sample-{name}{extension}";
        answer.Path.Should().Be("/media/" + file);
        answer.Markdown.Should().Be($"![A sample {name}](/media/{file})");
        (answer.Width, answer.Height).Should().Be((3, 2));
        response.Headers.Location!.OriginalString.Should().Be("/media/" + file);
        File.ReadAllBytes(Path.Combine(_site.Media, file)).Should().Equal(bytes);

        var served = await Factory.CreateClient().GetAsync(answer.Path);
        served.StatusCode.Should().Be(HttpStatusCode.OK);
        served.Content.Headers.ContentType!.MediaType.Should().Be(mediaType);
        (await served.Content.ReadAsByteArrayAsync()).Should().Equal(bytes);
        served.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
    }

    [Fact]
    public async Task APngNamedTxt_IsSavedAsPng_WhateverItsNameAndMediaTypeSay()
    {
        var editor = await StaffSignIn.AsAsync(Factory, "editor");

        var response = await UploadAsync(editor, TestImages.Png, "notes.txt", contentType: "text/plain");

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var answer = await AnswerOf(response);
        answer.Path.Should().Be("/media/notes.png");
        answer.Markdown.Should().Be("![notes](/media/notes.png)", "with no alt text given, the stem stands in");
        File.Exists(Path.Combine(_site.Media, "notes.png")).Should().BeTrue();
    }

    [Theory]
    [InlineData("text", "holiday.png", "not a PNG, JPEG, GIF or WebP image")]
    [InlineData("svg", "logo.svg", "SVG images are not accepted")]
    [InlineData("svg", "logo.png", "SVG images are not accepted")]
    [InlineData("damaged", "cut.png", "header is cut short or damaged")]
    [InlineData("empty", "empty.png", "The file is empty.")]
    public async Task AFileThatIsNotAnAcceptedImage_Is400ProblemDetails_WithTheReason_AndNothingIsWritten(string what, string fileName, string reason)
    {
        var editor = await StaffSignIn.AsAsync(Factory, "editor");
        var bytes = what switch
        {
            "text" => Encoding.UTF8.GetBytes("Dear all, the holiday photos are attached."),
            "svg" => TestImages.Svg,
            "damaged" => TestImages.Png[..18],
            _ => [],
        };
        var before = MediaFiles();

        var response = await UploadAsync(editor, bytes, fileName, contentType: "image/png");

        await ShouldBeProblem(response, HttpStatusCode.BadRequest, reason);
        MediaFiles().Should().Equal(before);
    }

    [Fact]
    public async Task AnImageOverTheLimit_Is413ProblemDetails_AndOneAtTheLimitIsSaved()
    {
        var editor = await StaffSignIn.AsAsync(Factory, "editor");
        var before = MediaFiles();

        var over = await UploadAsync(editor, TestImages.PngVariant(Limit + 1), "big.png");

        await ShouldBeProblem(over, HttpStatusCode.RequestEntityTooLarge, "at most 4,096 bytes");
        MediaFiles().Should().Equal(before);

        var at = await UploadAsync(editor, TestImages.PngVariant(Limit), "big.png");
        at.StatusCode.Should().Be(HttpStatusCode.Created);
        new FileInfo(Path.Combine(_site.Media, "big.png")).Length.Should().Be(Limit);
    }

    [Fact]
    public void TheEndpoint_CarriesTheBodyLimit_SoTheServerStopsReadingPastIt()
    {
        Factory.CreateClient();
        var endpoint = Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Single(e => e.RoutePattern.RawText == MediaEndpoints.UploadPath);

        endpoint.Metadata.GetMetadata<IRequestSizeLimitMetadata>()!.MaxRequestBodySize.Should().Be(Limit + MediaEndpoints.FormOverheadBytes);
    }

    [Theory]
    [InlineData("../../x.png", "x.png")]
    [InlineData("%2e%2e%2fx.png", "x.png")]
    [InlineData("..%2f..%2fx.png", "x.png")]
    [InlineData("x.png\0.jpg", "x-png.png")]
    [InlineData("CON.png", "con-image.png")]
    [InlineData("long", "long")]
    [InlineData("Café Ünïcode 写真.png", "cafe-unicode.png")]
    [InlineData("/etc/passwd", "passwd.png")]
    public async Task AHostileName_GivesASafeNameInsideMedia_AndNothingElsewhere(string uploaded, string expected)
    {
        if (uploaded == "long")
        {
            uploaded = new string('n', 300) + ".png";
            expected = new string('n', MediaUpload.MaxStemLength) + ".png";
        }

        var editor = await StaffSignIn.AsAsync(Factory, "editor");
        var outside = FilesOutsideMedia(uploaded, expected);

        var response = await UploadAsync(editor, TestImages.Png, uploaded);

        response.StatusCode.Should().BeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);
        var answer = await AnswerOf(response);
        answer.Path.Should().Be("/media/" + expected);
        Regex.IsMatch(expected, "^[a-z0-9-]+\\.png$").Should().BeTrue();
        File.ReadAllBytes(Path.Combine(_site.Media, expected)).Should().Equal(TestImages.Png);
        FilesOutsideMedia(uploaded, expected).Should().Equal(outside, "nothing is written anywhere but media/");
    }

    [Fact]
    public async Task TheSameBytesTwice_GiveTheSameName_ADifferentFileUnderThatName_GetsASuffix_AndNothingIsOverwritten()
    {
        var editor = await StaffSignIn.AsAsync(Factory, "editor");
        var first = TestImages.PngVariant(200, 0x01);
        var second = TestImages.PngVariant(200, 0x02);

        var one = await UploadAsync(editor, first, "clash.png");
        var again = await UploadAsync(editor, first, "clash.png");
        var other = await UploadAsync(editor, second, "clash.png");
        var otherAgain = await UploadAsync(editor, second, "clash.png");

        one.StatusCode.Should().Be(HttpStatusCode.Created);
        again.StatusCode.Should().Be(HttpStatusCode.OK, "the file is already there");
        (await AnswerOf(again)).Path.Should().Be("/media/clash.png");
        var otherPath = (await AnswerOf(other)).Path;
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(second));
        otherPath.Should().Be($"/media/clash-{hash[..8]}.png");
        (await AnswerOf(otherAgain)).Path.Should().Be(otherPath);
        File.ReadAllBytes(Path.Combine(_site.Media, "clash.png")).Should().Equal(first, "the first file is never overwritten");
        File.ReadAllBytes(Path.Combine(_site.Media, $"clash-{hash[..8]}.png")).Should().Equal(second);
        Directory.GetFiles(_site.Media, ".*").Should().BeEmpty("no temporary file is left behind");
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
        var before = MediaFiles();
        var audit = (await StaffForms.AuditAsync(Factory)).Count(e => e.Event == AuditEvents.MediaUploaded);

        var response = await UploadAsync(admissions, TestImages.Png, "by-admissions.png");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden, "a valid token does not make up for the missing role");
        MediaFiles().Should().Equal(before);
        (await StaffForms.AuditAsync(Factory)).Count(e => e.Event == AuditEvents.MediaUploaded).Should().Be(audit);
    }

    [Fact]
    public async Task AVisitorWhoIsNotSignedIn_Gets401_AndNothingIsWritten()
    {
        var before = MediaFiles();

        var response = await StaffSignIn.Client(Factory).PostAsync(MediaEndpoints.UploadPath, Multipart(("file", "anon.png", TestImages.Png)));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        MediaFiles().Should().Equal(before);
    }

    [Fact]
    public async Task WithoutAnAntiforgeryToken_Is400_AndNothingIsWritten()
    {
        var editor = await StaffSignIn.AsAsync(Factory, "editor");
        var before = MediaFiles();

        var missing = await editor.PostAsync(MediaEndpoints.UploadPath, Multipart(("file", "no-token.png", TestImages.Png)));
        var wrong = await editor.PostAsync(MediaEndpoints.UploadPath, Multipart(("__RequestVerificationToken", null, "CfDJ8-not-a-token"u8.ToArray()), ("file", "wrong-token.png", TestImages.Png)));

        await ShouldBeProblem(missing, HttpStatusCode.BadRequest, "antiforgery token is missing or out of date");
        await ShouldBeProblem(wrong, HttpStatusCode.BadRequest, "antiforgery token is missing or out of date");
        MediaFiles().Should().Equal(before);
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

    [Fact]
    public async Task UploadsAreServed_EvenWhenTheMediaFolderIsRemovedAfterTheStart()
    {
        var editor = await StaffSignIn.AsAsync(Factory, "editor");
        (await UploadAsync(editor, TestImages.Jpeg, "before.jpg")).StatusCode.Should().BeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);
        Directory.Delete(_site.Media, recursive: true);

        var response = await UploadAsync(editor, TestImages.Jpeg, "after.jpg");

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var served = await Factory.CreateClient().GetAsync("/media/after.jpg");
        served.StatusCode.Should().Be(HttpStatusCode.OK);
        served.Content.Headers.ContentType!.MediaType.Should().Be("image/jpeg");
    }

    [Fact]
    public async Task AFileBeingWritten_IsNeverServed()
    {
        Directory.CreateDirectory(_site.Media);
        await File.WriteAllBytesAsync(Path.Combine(_site.Media, ".upload-test.tmp"), TestImages.Png);

        (await Factory.CreateClient().GetAsync("/media/.upload-test.tmp")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        File.Delete(Path.Combine(_site.Media, ".upload-test.tmp"));
    }

    internal static async Task<string> TokenAsync(HttpClient client) => DeskSteps.TokenOf(await client.GetStringAsync("/staff"));

    /// <summary>Opens a staff page for its antiforgery token, then posts the image as the editor's page would.</summary>
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] bytes, string fileName, string? alt = null, string contentType = "application/octet-stream")
    {
        var parts = new List<(string, string?, byte[])> { ("__RequestVerificationToken", null, Encoding.UTF8.GetBytes(await TokenAsync(client))) };
        if (alt is not null)
        {
            parts.Add(("alt", null, Encoding.UTF8.GetBytes(alt)));
        }

        parts.Add(("file", fileName, bytes));
        return await client.PostAsync(MediaEndpoints.UploadPath, Multipart(contentType, [.. parts]));
    }

    internal static ByteArrayContent Multipart(params (string Name, string? FileName, byte[] Data)[] parts) => Multipart("application/octet-stream", parts);

    /// <summary>
    /// A multipart body written byte for byte, so a file name reaches the server exactly as given (a NUL, raw
    /// UTF-8), as a browser sends it.
    /// </summary>
    internal static ByteArrayContent Multipart(string fileType, params (string Name, string? FileName, byte[] Data)[] parts)
    {
        var boundary = "media-test-" + Guid.NewGuid().ToString("N");
        using var body = new MemoryStream();
        void Write(string text) => body.Write(Encoding.UTF8.GetBytes(text));
        foreach (var (name, fileName, data) in parts)
        {
            Write($"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"");
            Write(fileName is null ? "\r\n" : $"; filename=\"{fileName}\"\r\nContent-Type: {fileType}\r\n");
            Write("\r\n");
            body.Write(data);
            Write("\r\n");
        }

        Write($"--{boundary}--\r\n");
        var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        return content;
    }

    private static async Task<MediaUploaded> AnswerOf(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        root.EnumerateObject().Select(p => p.Name).Should().Equal("markdown", "path", "width", "height");
        return new MediaUploaded(root.GetProperty("markdown").GetString()!, root.GetProperty("path").GetString()!, root.GetProperty("width").GetInt32(), root.GetProperty("height").GetInt32());
    }

    internal static async Task ShouldBeProblem(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, body);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        using var json = JsonDocument.Parse(body);
        json.RootElement.GetProperty("status").GetInt32().Should().Be((int)status);
        json.RootElement.GetProperty("detail").GetString().Should().Contain(detail);
    }

    private List<string> MediaFiles() =>
        Directory.Exists(_site.Media) ? [.. Directory.GetFiles(_site.Media).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)] : [];

    /// <summary>
    /// Every file in the content folder but media/, and the files of the two folders above it that a name
    /// climbing out of media/ could have written (by its last part, or as saved).
    /// </summary>
    private List<string> FilesOutsideMedia(string uploaded, string saved)
    {
        var root = _site.Content.Root;
        var above = Path.GetDirectoryName(root)!;
        string[] names = [Path.GetFileName(Uri.UnescapeDataString(uploaded).Replace('\\', '/')), saved];
        return [.. Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(_site.Media + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Concat(from folder in new[] { above, Path.GetDirectoryName(above)! } from name in names select Path.Combine(folder, name)).Where(File.Exists)
            .Order(StringComparer.Ordinal)];
    }
}

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
        var body = MediaUploadTests.Multipart(("__RequestVerificationToken", null, token), ("padding", null, padding), ("file", "padded.png", TestImages.Png));
        var content = new StreamContent(new MemoryStream(await body.ReadAsByteArrayAsync()));
        content.Headers.ContentType = body.Headers.ContentType;

        var response = await SendAsync(HttpMethod.Post, MediaEndpoints.UploadPath, content, chunked);

        await MediaUploadTests.ShouldBeProblem(response, HttpStatusCode.RequestEntityTooLarge, "at most 32,768 bytes");
        Directory.GetFiles(Path.Combine(_content.Root, "media")).Should().BeEmpty();
    }

    [Fact]
    public async Task AnImageAtTheLimit_GetsPastTheServersSmallerBodyLimit_IsSaved_AndServed()
    {
        await SignInAsEditorAsync();
        var token = await TokenAsync();
        var image = TestImages.PngVariant(ImageLimit);

        var response = await SendAsync(HttpMethod.Post, MediaEndpoints.UploadPath, MediaUploadTests.Multipart(("__RequestVerificationToken", null, token), ("alt", null, "A padded PNG"u8.ToArray()), ("file", "at-limit.png", image)));

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var served = await _client.GetAsync("/media/at-limit.png");
        served.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        (await served.Content.ReadAsByteArrayAsync()).Should().Equal(image);
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
