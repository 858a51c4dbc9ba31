using System.Net;
using Decisioner.Tests;
using Decisioner.Web.Editing;

namespace Decisioner.Web.Tests.Editing;

/// <summary>What the editing page does with a draft's text: the preview's safety, the change note, the size of a change, the atomic write.</summary>
public sealed class DraftTextTests : IClassFixture<ShippedSite>
{
    private readonly ShippedSite _shipped;

    public DraftTextTests(ShippedSite shipped) => _shipped = shipped;

    [Fact]
    public async Task HostileMarkdown_PreviewsAsSafelyAsTheSiteRendersIt()
    {
        var (_, editor) = await EditingSteps.EditorAsync(_shipped.Factory);
        var form = await EditingSteps.OpenAsync(editor, EditingSteps.Guide);
        var hostile = form.Text + """

            <script>alert('draft')</script>
            <img src="x" onerror="alert('draft')">
            [click](javascript:alert('draft'))
            <iframe src="https://example.org"></iframe>
            <a href="#" style="position:fixed" onclick="alert('draft')">x</a>
            """;
        var response = await EditingSteps.PostApiAsync(editor, EditorLinks.PreviewApi, form.Token, new Dictionary<string, string> { ["file"] = EditingSteps.Guide, ["text"] = hostile });
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var article = html[html.IndexOf("<article", StringComparison.Ordinal)..];
        article.Should().NotContain("<script").And.NotContain("<iframe").And.NotContain("<img src=\"x\"").And.NotContain("href=\"javascript:");
        System.Text.RegularExpressions.Regex.IsMatch(article, @"<[a-z][^>]*\s(on\w+|style)=").Should().BeFalse("no tag carries an event handler or a style");
        article.Should().Contain("&lt;script&gt;", "raw HTML is shown as text, as on the public page");
    }

    [Fact]
    public void AChangeNote_GoesFirstInTheList_AndUpdatedFollows()
    {
        var day = new DateOnly(2026, 11, 30);
        var guide = "---\ntitle: T\nupdated: 2026-05-01\nchanges:\n- date: 2026-05-01\n  note: First.\n---\nBody \"text\".\n";
        ChangeEntry.Add(guide, day, "Said \"more\": a lot\\more").Should().Be(
            "---\ntitle: T\nupdated: 2026-11-30\nchanges:\n- date: 2026-11-30\n  note: \"Said \\\"more\\\": a lot\\\\more\"\n- date: 2026-05-01\n  note: First.\n---\nBody \"text\".\n",
            "the list's own indentation is kept, the note is one quoted line, the body is untouched");

        ChangeEntry.Add("---\ntitle: T\n---\nBody\n", day, "New").Should().Be("---\ntitle: T\nchanges:\n  - date: 2026-11-30\n    note: \"New\"\nupdated: 2026-11-30\n---\nBody\n");
        ChangeEntry.Add("---\r\ntitle: T\r\nupdated: 2026-01-01\r\nchanges: []\r\n---\r\nBody\r\n", day, "New")
            .Should().Be("---\r\ntitle: T\r\nupdated: 2026-11-30\r\nchanges:\r\n  - date: 2026-11-30\r\n    note: \"New\"\r\n---\r\nBody\r\n");
        ChangeEntry.Add("No front matter", day, "New").Should().Be("No front matter");
    }

    [Theory]
    [InlineData("The quick brown fox.\nJumps.", "The quick brown fox.\nJumps.", true)]
    [InlineData("The quikc brown fox.\nJumps.", "The quick brown fox.\nJumps.", true)]
    [InlineData("Teh quick brown fox.\nJumsp.", "The quick brown fox.\nJumps.", true)]
    [InlineData("The quick brown fox.\nJumps.", "The quick brown fox.\nJumps.\nA new line.", false)]
    [InlineData("The quick brown fox.\nJumps.", "A slow grey wolf.\nJumps.", false)]
    [InlineData("a\nb\nc", "x\ny\nz", false)]
    public void ATypo_IsASmallChange_AndMoreIsNot(string before, string after, bool small) =>
        TextChanges.IsSmall(before, after).Should().Be(small);

    [Fact]
    public void AnAtomicWrite_ReplacesTheWholeFile_OrLeavesItAsItWas()
    {
        using var folder = TempContent.Empty();
        var path = folder.PathOf("guides/a.md");
        AtomicFile.Write(path, "first");
        AtomicFile.Write(path, "second, longer than the first");
        File.ReadAllText(path).Should().Be("second, longer than the first");
        Directory.EnumerateFiles(folder.PathOf("guides")).Should().ContainSingle("the temporary file took the file's name");

        // A write that cannot finish (the target is a folder) leaves no file of its own behind and the old text where it was.
        Directory.CreateDirectory(folder.PathOf("guides/b.md"));
        var act = () => AtomicFile.Write(folder.PathOf("guides/b.md"), "text");
        act.Should().Throw<IOException>();
        Directory.EnumerateFiles(folder.PathOf("guides")).Should().ContainSingle();
        File.ReadAllText(path).Should().Be("second, longer than the first");
    }
}
