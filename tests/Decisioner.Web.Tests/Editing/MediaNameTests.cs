using System.Net;
using System.Text.RegularExpressions;
using Decisioner.Web.Editing;
using Decisioner.Web.Tests.Staff;
using static Decisioner.Web.Tests.Editing.MediaSteps;

namespace Decisioner.Web.Tests.Editing;

/// <summary>
/// The saved file's name and the markdown's alt text: made safe from whatever was uploaded, inside
/// <c>media/</c> and nowhere else, and never over a different file.
/// </summary>
[Collection(MediaSite.Collection)]
public sealed class MediaNameTests
{
    private readonly MediaSite _site;

    public MediaNameTests(MediaSite site) => _site = site;

    private SiteFactory Factory => _site.Factory;

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
