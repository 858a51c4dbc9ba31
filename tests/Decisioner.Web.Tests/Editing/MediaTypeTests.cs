using System.Net;
using System.Text;
using Decisioner.Web.Editing;
using Decisioner.Web.Tests.Staff;
using static Decisioner.Web.Tests.Editing.MediaSteps;

namespace Decisioner.Web.Tests.Editing;

/// <summary>
/// What an upload is, read from its bytes: each accepted type with its width and height, damage, and
/// everything else refused with a reason; then the same on the real endpoint, whatever the name says.
/// </summary>
[Collection(MediaSite.Collection)]
public sealed class MediaTypeTests
{
    private readonly MediaSite _site;

    public MediaTypeTests(MediaSite site) => _site = site;

    private SiteFactory Factory => _site.Factory;

    [Theory]
    [InlineData("png", ImageKind.Png, "png")]
    [InlineData("jpeg", ImageKind.Jpeg, "jpg")]
    [InlineData("gif", ImageKind.Gif, "gif")]
    [InlineData("webp", ImageKind.WebP, "webp")]
    [InlineData("webp-lossless", ImageKind.WebP, "webp")]
    [InlineData("webp-extended", ImageKind.WebP, "webp")]
    public void EachAcceptedType_IsKnownByItsContent_WithItsWidthAndHeight(string name, ImageKind kind, string extension)
    {
        var image = ImageFormat.Inspect(TestImages.Named(name), out var reason);

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

        ImageFormat.Inspect(data.AsSpan(0, cut), out var reason).Should().BeNull();
        reason.Should().Contain("header is cut short or damaged");
    }

    [Fact]
    public void SizesOfZero_AreDamage_NotAnImage()
    {
        var gif = (byte[])TestImages.Gif.Clone();
        gif[6] = 0;
        ImageFormat.Inspect(gif, out var reason).Should().BeNull();
        reason.Should().Contain("GIF");

        var png = (byte[])TestImages.Png.Clone();
        png.AsSpan(16, 4).Clear();
        ImageFormat.Inspect(png, out _).Should().BeNull();
    }

    [Fact]
    public void AWebPWhoseContainerClaimsMoreThanTheFileHolds_IsDamaged()
    {
        var webp = (byte[])TestImages.WebP.Clone();
        webp[5] = 0x10; // RIFF size now over 4 KB

        ImageFormat.Inspect(webp, out var reason).Should().BeNull();
        reason.Should().Contain("WebP");
    }

    [Theory]
    [InlineData("just some text, in a file named photo.png")]
    [InlineData("<html><body><img src=x onerror=alert(1)></body></html>")]
    [InlineData("BM")] // a Windows bitmap's signature: not a type the site accepts
    [InlineData("RIFF....WAVEfmt ")]
    public void AnythingElse_IsRefused_SayingWhat(string text)
    {
        ImageFormat.Inspect(Encoding.UTF8.GetBytes(text), out var reason).Should().BeNull();
        reason.Should().Be("The file is not a PNG, JPEG, GIF or WebP image. Its content was checked, not its name.");
    }

    [Fact]
    public void Svg_IsRefused_Because_ItCanCarryScript()
    {
        ImageFormat.Inspect(TestImages.Svg, out var reason).Should().BeNull();
        reason.Should().Contain("SVG").And.Contain("script");
    }

    [Fact]
    public void AnEmptyFile_IsRefused()
    {
        ImageFormat.Inspect([], out var reason).Should().BeNull();
        reason.Should().Be("The file is empty.");
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
        var before = _site.MediaFiles();

        var response = await UploadAsync(editor, bytes, fileName, contentType: "image/png");

        await ShouldBeProblem(response, HttpStatusCode.BadRequest, reason);
        _site.MediaFiles().Should().Equal(before);
    }
}
