using System.Globalization;
using System.Text;
using Decisioner.Web.Data;
using Decisioner.Web.Security;
using Decisioner.Web.Staff;
using Microsoft.AspNetCore.Antiforgery;

namespace Decisioner.Web.Desk;

public static class DeskEndpoints
{
    public const string ExportPath = "/staff/desk/export";

    /// <summary>
    /// The desk's CSV export. A post, not a link: the filters may hold a name searched for, and a name never
    /// goes in an address. Each export is audited with how many rows it held, never with what they said.
    /// </summary>
    public static RouteGroupBuilder MapDeskEndpoints(this IEndpointRouteBuilder app)
    {
        var endpoints = app.MapGroup("");
        endpoints.MapPost(ExportPath, async (HttpContext http, DeskService desk, SiteDbContext db, AuditTrail audit, TimeProvider time) =>
        {
            var (form, refused) = await PostedForm.ReadAsync(http, new FormRefusals(
                BadToken: "The export form's token is missing or out of date. Use the Download button on the desk page.",
                NotAForm: "Send the export's filters as a form, as the Download button on the desk page does.",
                TooLarge: "The export form is larger than the site accepts. Use the Download button on the desk page."));
            if (form is null)
            {
                return refused!;
            }

            var query = DeskQuery.Read(form["status"], form["outcome"], form["staff"], form["from"], form["to"], form["name"]);
            var withNotes = form["notes"] == "on";
            var sessions = await desk.ListAsync(query, DeskExport.Limit, withNotes, http.RequestAborted);
            var staff = await DeskStaffNames.LoadAsync(db, http.RequestAborted);
            audit.Record(AuditEvents.DeskExported, http.User.Identity?.Name, "admissions desk",
                string.Create(CultureInfo.InvariantCulture, $"{sessions.Count} rows{(withNotes ? ", with notes" : "")}"), http);
            var name = $"desk-{time.GetUtcNow():yyyy-MM-dd}.csv";
            return Results.File(Encoding.UTF8.GetBytes(DeskExport.Csv(sessions, staff, withNotes)), "text/csv; charset=utf-8", name);
        })
        // A refusal is answered as it is (401/403), not re-run as the not-found page, which would read a post as a form it does not have.
        .WithMetadata(new RequireAntiforgeryTokenAttribute(), new Microsoft.AspNetCore.Mvc.SkipStatusCodePagesAttribute())
        .RequireAuthorization(StaffRoles.DeskPolicy);
        return endpoints;
    }
}
