using System.Net;
using Decisioner.Web.Tests.Staff;

namespace Decisioner.Web.Tests.Desk;

/// <summary>Hostile names, notes and emails: refused with a notice when they cannot be kept, stored and shown as text when they can.</summary>
public sealed class DeskHostileInputTests(ShippedSite shipped) : IClassFixture<ShippedSite>
{
    private SiteFactory Site => shipped.Factory;

    [Theory]
    [InlineData("Input.Email", "ada@example.org\r\nBcc: everyone@example.org", "That is not an email address")]
    [InlineData("Input.Email", "Ada <ada@example.org>", "That is not an email address")]
    [InlineData("Input.Email", "not-an-email", "That is not an email address")]
    [InlineData("Input.FollowUpOn", "next tuesday", "not a date written as YYYY-MM-DD")]
    [InlineData("Input.Key", "", "no save key")]
    [InlineData("Input.QuizId", "no-such-quiz", "That quiz does not exist")]
    public async Task InputThatCannotBeKept_GetsANoticeOnThePage_AndSavesNothing(string field, string value, string notice)
    {
        var admissions = await StaffSignIn.AsAsync(Site, "admissions");

        var response = await DeskSteps.SaveAsync(admissions, new Dictionary<string, string> { ["Input.Name"] = "Refused Prospect", [field] = value });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        html.Should().Contain(notice).And.Contain("role=\"alert\"");
        html.Should().Contain("value=\"Refused Prospect\"", "what was typed comes back to be corrected");
        (await admissions.GetStringAsync("/staff/desk")).Should().NotContain("Refused Prospect");
    }

    [Fact]
    public async Task ANulInANote_IsRefusedByTheFramework_NeverAServerError()
    {
        var admissions = await StaffSignIn.AsAsync(Site, "admissions");
        var id = await DeskSteps.SavedIdAsync(admissions);
        var html = await admissions.GetStringAsync($"/staff/desk/{id:D}");

        var response = await admissions.PostAsync($"/staff/desk/{id:D}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = DeskSteps.FormFields(html)["__RequestVerificationToken"],
            ["_handler"] = "note",
            ["Note.Text"] = "a\u0000b",
        }));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await DeskSteps.StoredAsync(Site, id))!.Notes.Should().BeEmpty();
    }

    [Theory]
    [InlineData(201, "The name is longer than 200 characters")]
    [InlineData(255, "The email is longer than 254 characters")]
    public async Task TooLong_IsRefusedWithANotice(int length, string notice)
    {
        var admissions = await StaffSignIn.AsAsync(Site, "admissions");
        var field = notice.Contains("email", StringComparison.Ordinal) ? "Input.Email" : "Input.Name";
        var value = field == "Input.Email" ? new string('a', length - 12) + "@example.org" : new string('n', length);

        var response = await DeskSteps.SaveAsync(admissions, new Dictionary<string, string> { [field] = value });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()).Should().Contain(notice);
    }

    [Fact]
    public async Task ScriptAndOddUnicode_AreStoredAsTyped_AndShownAsText()
    {
        var admissions = await StaffSignIn.AsAsync(Site, "admissions");
        const string name = "<script>alert('x')</script> Zoë \u202Eevil\u202C 👩🏽‍🎓";
        const string note = "<img src=x onerror=alert(1)>\u0001 and a line\nbreak";

        var id = await DeskSteps.SavedIdAsync(admissions, new Dictionary<string, string> { ["Input.Name"] = name });
        await DeskSteps.PostSessionFormAsync(admissions, id, "note", new Dictionary<string, string> { ["Note.Text"] = note });
        var longNote = await DeskSteps.PostSessionFormAsync(admissions, id, "note", new Dictionary<string, string> { ["Note.Text"] = new string('x', 4001) });

        longNote.Should().Contain("The note is longer than 4000 characters");
        var stored = (await DeskSteps.StoredAsync(Site, id))!;
        stored.ProspectName.Should().Be(name);
        stored.Notes.Should().ContainSingle().Which.Text.Should().Be("<img src=x onerror=alert(1)>\uFFFD and a line\nbreak", "a control character is replaced, a line break kept");
        var raw = await admissions.GetStringAsync($"/staff/desk/{id:D}");
        raw.Should().NotContain("<script>alert").And.NotContain("<img src=x");
        raw.Should().Contain("&lt;script&gt;").And.Contain("&lt;img src=x");
        var list = await admissions.GetStringAsync("/staff/desk");
        list.Should().NotContain("<script>alert").And.Contain("&lt;script&gt;");
    }
}
