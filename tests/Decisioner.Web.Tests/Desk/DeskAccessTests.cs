using System.Net;
using Decisioner.Web.Desk;
using Decisioner.Web.Tests.Staff;

namespace Decisioner.Web.Tests.Desk;

/// <summary>
/// Every desk page and action as anonymous, editor, admissions and admin: only admissions and admin get in;
/// the others are sent to sign in or refused, and nothing is saved, changed or exported for them.
/// </summary>
public sealed class DeskAccessTests(ShippedSite shipped) : IClassFixture<ShippedSite>
{
    private SiteFactory Site => shipped.Factory;

    [Fact]
    public async Task EveryDeskPageAndAction_IsForAdmissionsAndAdminOnly()
    {
        var admissions = await StaffSignIn.AsAsync(Site, "admissions");
        var id = await DeskSteps.SavedIdAsync(admissions, new Dictionary<string, string> { ["Input.Name"] = "Access Prospect" });
        var sessionHtml = await admissions.GetStringAsync($"/staff/desk/{id:D}");
        var saveForm = DeskSteps.FormFields(await admissions.GetStringAsync(DeskSteps.PresenterResult));
        var visitors = new Dictionary<string, HttpClient>
        {
            ["anonymous"] = StaffSignIn.Client(Site),
            ["editor"] = await StaffSignIn.AsAsync(Site, "editor"),
            ["admissions"] = admissions,
            ["admin"] = await StaffSignIn.AsAsync(Site, "admin"),
        };

        foreach (var (who, client) in visitors)
        {
            var allowed = who is "admissions" or "admin";
            var because = $"{who} {(allowed ? "may" : "may not")} use the desk";
            await Expect(client.GetAsync("/staff/desk"), allowed, because);
            await Expect(client.GetAsync($"/staff/desk/{id:D}"), allowed, because);
            await Expect(client.GetAsync("/staff/desk/new"), allowed, because);

            // The forms, each posted with a token from the visitor's own page if it may open one; the others use
            // a token admissions staff were given, and are refused before it is even read.
            var own = allowed ? await client.GetStringAsync($"/staff/desk/{id:D}") : sessionHtml;
            var token = DeskSteps.FormFields(own)["__RequestVerificationToken"];
            var form = allowed ? DeskSteps.FormFields(await client.GetStringAsync(DeskSteps.PresenterResult)) : new Dictionary<string, string>(saveForm);
            form["Input.Name"] = "Saved by " + who;
            var save = await client.PostAsync("/staff/desk/new", new FormUrlEncodedContent(form));
            var note = await client.PostAsync($"/staff/desk/{id:D}", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["_handler"] = "note",
                ["Note.Text"] = "by " + who,
            }));
            var export = await client.PostAsync(DeskEndpoints.ExportPath, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
            if (allowed)
            {
                save.StatusCode.Should().Be(HttpStatusCode.Redirect, because);
                save.Headers.Location!.AbsolutePath.Should().StartWith("/staff/desk/");
                note.StatusCode.Should().Be(HttpStatusCode.Redirect, because);
                note.Headers.Location!.OriginalString.Should().EndWith($"/staff/desk/{id:D}?done=note", "a note added sends the browser back to the session");
                (await client.GetStringAsync(note.Headers.Location)).Should().Contain("The note is added", because);
                export.StatusCode.Should().Be(HttpStatusCode.OK, because);
                export.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
            }
            else
            {
                Refused(save).Should().BeTrue(because);
                Refused(note).Should().BeTrue(because);
                Refused(export).Should().BeTrue(because);
                var erase = await client.PostAsync($"/staff/desk/{id:D}?ask=erase", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = token,
                    ["_handler"] = "erase",
                    ["Erase.Confirm"] = "yes",
                }));
                Refused(erase).Should().BeTrue(because);
            }
        }

        var stored = (await DeskSteps.StoredAsync(Site, id))!;
        stored.ProspectName.Should().Be("Access Prospect", "no one erased it");
        stored.Notes.Select(n => n.Text).Should().BeEquivalentTo("by admissions", "by admin");
        sessionHtml.Should().Contain("Access Prospect");
    }

    [Fact]
    public async Task TheSaveForm_IsOnlyInPresenterMode_AndOnlyForAdmissionsAndAdmin()
    {
        var editor = await StaffSignIn.AsAsync(Site, "editor");
        var admissions = await StaffSignIn.AsAsync(Site, "admissions");

        (await editor.GetStringAsync(DeskSteps.PresenterResult)).Should().NotContain("Save this session");
        (await admissions.GetStringAsync(DeskSteps.PublicResult)).Should().NotContain("Save this session", "only in presenter mode");
        (await admissions.GetStringAsync(DeskSteps.PresenterResult)).Should().Contain("Save this session");
    }

    private static async Task Expect(Task<HttpResponseMessage> request, bool allowed, string because)
    {
        var response = await request;
        if (allowed)
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK, because);
        }
        else
        {
            Refused(response).Should().BeTrue(because);
        }
    }

    /// <summary>Sent to sign in or to the refusal page, or answered 401/403: authorization said no.</summary>
    private static bool Refused(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString is var to
            && (to.Contains("/account/sign-in", StringComparison.Ordinal) || to.Contains("/account/denied", StringComparison.Ordinal)));
}
