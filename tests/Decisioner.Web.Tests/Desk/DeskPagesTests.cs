using System.Net;
using Decisioner.Web.Data;
using Decisioner.Web.Tests.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Decisioner.Web.Tests.Desk;

/// <summary>What the desk's pages say: the list's order, overdue follow-ups in words, filters; the note when the quiz has changed since a save.</summary>
public sealed class DeskPagesTests(ShippedSite shipped) : IClassFixture<ShippedSite>
{
    private SiteFactory Site => shipped.Factory;

    [Fact]
    public async Task TheList_PutsTheNextFollowUpFirst_SaysOverdueInWords_AndFilters()
    {
        var admissions = await StaffSignIn.AsAsync(Site, "admissions");
        var tag = Guid.NewGuid().ToString("N")[..8];
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await DeskSteps.SavedIdAsync(admissions, new Dictionary<string, string> { ["Input.Name"] = $"Later {tag}", ["Input.FollowUpOn"] = Day(today.AddDays(5)) });
        await DeskSteps.SavedIdAsync(admissions, new Dictionary<string, string> { ["Input.Name"] = $"Late {tag}", ["Input.FollowUpOn"] = Day(today.AddDays(-2)) });
        await DeskSteps.SavedIdAsync(admissions, new Dictionary<string, string> { ["Input.Name"] = $"Whenever {tag}" });

        var html = WebUtility.HtmlDecode(await Filter(admissions, new Dictionary<string, string> { ["Filter.Name"] = tag.ToUpperInvariant() }));

        html.IndexOf($"Late {tag}", StringComparison.Ordinal).Should().BeLessThan(html.IndexOf($"Later {tag}", StringComparison.Ordinal));
        html.IndexOf($"Later {tag}", StringComparison.Ordinal).Should().BeLessThan(html.IndexOf($"Whenever {tag}", StringComparison.Ordinal), "no follow-up date comes last");
        html.Should().Contain("3 sessions");
        var lateRow = html[html.IndexOf("<tr class=\"overdue\"", StringComparison.Ordinal)..];
        lateRow[..lateRow.IndexOf("</tr>", StringComparison.Ordinal)].Should().Contain("overdue</strong>").And.Contain($"Late {tag}");
        html.Split("overdue</strong>").Should().HaveCount(2, "only the late one is overdue");

        var filtered = WebUtility.HtmlDecode(await Filter(admissions, new Dictionary<string, string> { ["Filter.Name"] = tag, ["Filter.Status"] = "closed" }));
        filtered.Should().Contain("No sessions match").And.NotContain($"Late {tag}");
        var refused = WebUtility.HtmlDecode(await Filter(admissions, new Dictionary<string, string> { ["Filter.Name"] = tag, ["Filter.Outcome"] = "magic", ["Filter.From"] = "yesterday" }));
        refused.Should().Contain("Some filters were set aside: that outcome is not one the quiz gives; 'from' is not a date written as YYYY-MM-DD.").And.Contain($"Late {tag}");
    }

    [Fact]
    public async Task ASessionSavedBeforeTheQuizChanged_SaysSo_WithTheResultThenAndToday()
    {
        var admissions = await StaffSignIn.AsAsync(Site, "admissions");
        var id = await DeskSteps.SavedIdAsync(admissions, new Dictionary<string, string> { ["Input.Name"] = "Changed Quiz" });
        (await admissions.GetStringAsync($"/staff/desk/{id:D}")).Should().NotContain("The quiz has changed since");
        await using (var scope = Site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SiteDbContext>();
            var session = await db.DeskSessions.SingleAsync(s => s.Id == id);
            session.ContentVersion = "0ld0ld0ld0ld";
            session.Headline = "The headline of an older quiz";
            session.Outcome = session.Outcome == "rag" ? "fine-tuning" : "rag";
            await db.SaveChangesAsync();
        }

        var html = WebUtility.HtmlDecode(await admissions.GetStringAsync($"/staff/desk/{id:D}"));

        html.Should().Contain("The quiz has changed since this session was saved (version 0ld0ld0ld0ld then")
            .And.Contain("When saved, the result was: <strong>The headline of an older quiz</strong> (")
            .And.Contain("Today the same answers would give ");
    }

    [Theory]
    [InlineData("1", "", "That is not a status")]
    [InlineData("Contacted ", "", "That is not a status")]
    [InlineData("contacted", "soon", "The follow-up date is not a date written as YYYY-MM-DD")]
    [InlineData("contacted", "2026-02-30", "The follow-up date is not a date written as YYYY-MM-DD")]
    public async Task ABadStatusOrDate_GetsANotice_AndChangesNothing(string status, string followUp, string notice)
    {
        var admissions = await StaffSignIn.AsAsync(Site, "admissions");
        var id = await DeskSteps.SavedIdAsync(admissions);
        var html = await admissions.GetStringAsync($"/staff/desk/{id:D}");

        var answer = await DeskSteps.PostSessionFormAsync(admissions, id, "update", new Dictionary<string, string>
        {
            ["Update.Version"] = DeskSteps.VersionOn(html),
            ["Update.Status"] = status,
            ["Update.FollowUpOn"] = followUp,
        }, html);

        answer.Should().Contain(notice).And.Contain("role=\"alert\"");
        (await DeskSteps.StoredAsync(Site, id))!.Status.Should().Be(Decisioner.Web.Desk.DeskStatus.New);
    }

    private static async Task<string> Filter(HttpClient client, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync("/staff/desk");
        fields["__RequestVerificationToken"] = DeskSteps.FormFields(page)["__RequestVerificationToken"];
        fields["_handler"] = "filter";
        var response = await client.PostAsync("/staff/desk", new FormUrlEncodedContent(fields));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
