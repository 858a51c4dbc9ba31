using System.Net;
using System.Text.RegularExpressions;
using Decisioner.Web.Desk;
using Decisioner.Web.Tests.Staff;

namespace Decisioner.Web.Tests.Desk;

/// <summary>
/// The session page's forms: a change made answers with a redirect back to the session (post, redirect,
/// get) carrying a fixed flag, never what was typed, so reloading the page it lands on makes no second
/// change; a change refused answers with the page, the reason and what was typed.
/// </summary>
public sealed class DeskPostRedirectGetTests(ShippedSite shipped) : IClassFixture<ShippedSite>
{
    private SiteFactory Site => shipped.Factory;

    [Fact]
    public async Task ANoteAdded_RedirectsToTheSession_AndReloadingThatPage_AddsNothing()
    {
        var admissions = await StaffSignIn.AsAsync(Site, "admissions");
        var id = await DeskSteps.SavedIdAsync(admissions, new Dictionary<string, string> { ["Input.Name"] = "Reload Prospect", ["Input.Email"] = "reload@example.org" });
        const string note = "Asked about the part-time route";

        var posted = await DeskSteps.PostSessionFormRawAsync(admissions, id, "note", new Dictionary<string, string> { ["Note.Text"] = note });

        posted.StatusCode.Should().Be(HttpStatusCode.Redirect, "post, then redirect: a reload must not add the note again");
        var landing = posted.Headers.Location!.OriginalString;
        landing.Should().EndWith($"/staff/desk/{id:D}?done={DeskNotices.NoteAdded}");
        landing.Should().NotContainAny("part-time", "Reload", "reload@");
        var first = WebUtility.HtmlDecode(await admissions.GetStringAsync(landing));
        first.Should().Contain("role=\"status\">The note is added.</p>");
        Regex.Count(first, Regex.Escape(note)).Should().Be(1);

        // The reload: the browser asks for the page it landed on again.
        var again = await admissions.GetAsync(landing);

        again.StatusCode.Should().Be(HttpStatusCode.OK);
        Regex.Count(WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()), Regex.Escape(note)).Should().Be(1, "the page shows the one note");
        (await DeskSteps.StoredAsync(Site, id))!.Notes.Should().ContainSingle(n => n.Text == note);
    }

    [Fact]
    public async Task AStatusChanged_RedirectsWithItsFlag_AndReloadingThatPage_ChangesNothingMore()
    {
        var admissions = await StaffSignIn.AsAsync(Site, "admissions");
        var id = await DeskSteps.SavedIdAsync(admissions);
        var html = await admissions.GetStringAsync($"/staff/desk/{id:D}");

        var posted = await DeskSteps.PostSessionFormRawAsync(admissions, id, "update", new Dictionary<string, string>
        {
            ["Update.Version"] = DeskSteps.VersionOn(html),
            ["Update.Status"] = "contacted",
            ["Update.FollowUpOn"] = "2026-12-14",
        }, html);

        posted.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var landing = posted.Headers.Location!.OriginalString;
        landing.Should().EndWith($"/staff/desk/{id:D}?done=status-contacted");
        (await admissions.GetStringAsync(landing)).Should().Contain("The status is now contacted.");
        (await admissions.GetStringAsync(landing)).Should().Contain("The status is now contacted.");
        var stored = (await DeskSteps.StoredAsync(Site, id))!;
        stored.StatusChanges.Should().ContainSingle(c => c.From == DeskStatus.New && c.To == DeskStatus.Contacted);
        stored.FollowUpOn.Should().Be(new DateOnly(2026, 12, 14));
    }

    [Fact]
    public async Task AFlagTheDeskDoesNotWrite_ShowsNoNotice()
    {
        var admissions = await StaffSignIn.AsAsync(Site, "admissions");
        var id = await DeskSteps.SavedIdAsync(admissions);

        var html = await admissions.GetStringAsync($"/staff/desk/{id:D}?done=%3Cb%3EAda%3C%2Fb%3E");

        html.Should().NotContain("class=\"notice").And.NotContain("<b>Ada").And.NotContain("&lt;b&gt;Ada");
        (await admissions.GetStringAsync($"/staff/desk/{id:D}?done=status-magic")).Should().NotContain("class=\"notice");
    }

    [Theory]
    [InlineData(4001, "The note is longer than 4000 characters.")]
    [InlineData(0, "Write the note first.")]
    public async Task ANoteRefused_ShowsWhy_AndKeepsWhatWasTyped_WithoutARedirect(int length, string problem)
    {
        var admissions = await StaffSignIn.AsAsync(Site, "admissions");
        var id = await DeskSteps.SavedIdAsync(admissions);
        var typed = length == 0 ? "  \n  " : "<b>Call back</b> " + new string('x', length - 17);

        var answer = await DeskSteps.PostSessionFormRawAsync(admissions, id, "note", new Dictionary<string, string> { ["Note.Text"] = typed });

        answer.StatusCode.Should().Be(HttpStatusCode.OK, "a refused note stays on the page that says why");
        var raw = await answer.Content.ReadAsStringAsync();
        WebUtility.HtmlDecode(raw).Should().Contain($"role=\"alert\">{problem}</p>");
        var box = Regex.Match(raw, "<textarea id=\"note\"[^>]*>([^<]*)</textarea>");
        box.Success.Should().BeTrue(raw);
        WebUtility.HtmlDecode(box.Groups[1].Value).Trim('\n').Should().Be(typed.Trim('\n'), "what was typed comes back to be corrected");
        raw.Should().NotContain("<b>Call back", "it comes back as text");
        (await DeskSteps.StoredAsync(Site, id))!.Notes.Should().BeEmpty();
    }
}
