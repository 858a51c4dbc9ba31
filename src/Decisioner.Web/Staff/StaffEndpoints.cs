using System.Globalization;
using System.Text;
using Decisioner.Web.Analytics;
using Decisioner.Web.Content;
using Decisioner.Web.Data;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Decisioner.Web.Staff;

public static class StaffEndpoints
{
    /// <summary>
    /// Staff pages and their answers are never stored by a browser or a proxy: everything on the staff
    /// side (<see cref="StaffArea.IsStaffRequest"/>), the sign-in form included.
    /// </summary>
    public static IApplicationBuilder UseStaffPagesUncached(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (StaffArea.IsStaffRequest(context))
            {
                // The pair antiforgery asks for, so it has nothing to override (and log) on the sign-in form.
                context.Response.Headers.CacheControl = "no-cache, no-store";
                context.Response.Headers.Pragma = "no-cache";
            }

            return next(context);
        });

    /// <summary>The sign-out post and the staff downloads, in one group so the staff-area rule can be put on them (<see cref="StaffArea.RequireStaffAreaRule"/>).</summary>
    public static RouteGroupBuilder MapStaffEndpoints(this IEndpointRouteBuilder app)
    {
        var endpoints = app.MapGroup("");
        // A form post with an antiforgery token (the staff bar's button), so another site cannot sign staff out.
        // Open to anyone (signing out an account that is not signed in does nothing), so an account with the printed password can leave.
        endpoints.MapPost(StaffAccounts.SignOutPath, async (HttpContext http, SignInManager<IdentityUser> signIn, AuditTrail audit) =>
        {
            // The antiforgery middleware checks the token of endpoints that ask for it and leaves the verdict here.
            if (http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Sign-out refused",
                    detail: "The sign-out form's token is missing or out of date. Use the Sign out button on a staff page.");
            }

            if (http.User.Identity is { IsAuthenticated: true, Name: var name })
            {
                audit.Record(AuditEvents.SignOut, name, name, http: http);
            }

            await signIn.SignOutAsync();
            return Results.LocalRedirect("/");
        }).WithMetadata(new RequireAntiforgeryTokenAttribute()).AllowAnonymous();

        endpoints.MapGet("/staff/analytics.csv", async (HttpContext http, ContentStore content, QuizFigures figures, TimeProvider time, AuditTrail audit,
            string? quiz, string? from, string? to, string? sessions, string? version) =>
        {
            var query = AnalyticsQuery.Read(content.Current, quiz, from, to, sessions, version, time);
            if (query.Quiz is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No quiz", detail: "There is no quiz to report on.");
            }

            var report = await figures.ReportAsync(query.Quiz, query.Figures, http.RequestAborted);
            var name = $"quiz-figures-{query.Quiz.Id}-{query.Figures.From:yyyy-MM-dd}-to-{query.Figures.To:yyyy-MM-dd}.csv";
            audit.Record(AuditEvents.FiguresDownloaded, http.User.Identity?.Name, name, query.Figures.Presenter ? "presenter sessions" : "learner sessions", http);
            return Results.File(Encoding.UTF8.GetBytes(QuizFigures.Csv(report)), "text/csv; charset=utf-8", name);
        }).RequireAuthorization(StaffRoles.AnalyticsPolicy);

        endpoints.MapGet("/staff/audit.csv", async (HttpContext http, SiteDbContext db, AuditTrail audit, IOptions<AuditOptions> options,
            string? account, string? @event, string? from, string? to) =>
        {
            var query = AuditQuery.Read(account, @event, from, to, null);
            var lines = await query.Apply(db.AuditEvents.AsNoTracking()).Take(AuditQuery.CsvLimit).ToListAsync(http.RequestAborted);
            audit.Record(AuditEvents.AuditDownloaded, http.User.Identity?.Name, "audit trail", query.Url("").TrimStart('?'), http);
            var name = $"audit-{query.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "start"}-to-{query.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "now"}.csv";
            return Results.File(Encoding.UTF8.GetBytes(AuditCsv.Write(lines, options.Value.RecordAddresses)), "text/csv; charset=utf-8", name);
        }).RequireAuthorization(StaffRoles.AdminPolicy);

        return endpoints;
    }
}
