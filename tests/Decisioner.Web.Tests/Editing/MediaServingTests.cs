using System.Net;
using Decisioner.Web.Tests.Staff;
using static Decisioner.Web.Tests.Editing.MediaSteps;

namespace Decisioner.Web.Tests.Editing;

/// <summary>
/// An upload saved and answered as markdown, then served at <c>/media</c> with its type, even when the
/// folder was removed after the start; a file still being written is never served.
/// </summary>
[Collection(MediaSite.Collection)]
public sealed class MediaServingTests
{
    private readonly MediaSite _site;

    public MediaServingTests(MediaSite site) => _site = site;

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
}
