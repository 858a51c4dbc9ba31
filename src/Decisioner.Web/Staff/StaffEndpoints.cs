using System.Text;
using Decisioner.Web.Analytics;
using Decisioner.Web.Content;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace Decisioner.Web.Staff;

public static class StaffEndpoints
{
    /// <summary>
    /// Staff pages and their answers are never stored by a browser or a proxy: every endpoint that asks
    /// for a signed-in user (so a staff page added later is covered by its [Authorize] alone), and the
    /// account pages, whose sign-in form needs no sign-in.
    /// </summary>
    public static IApplicationBuilder UseStaffPagesUncached(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>() is not null
                || context.Request.Path.StartsWithSegments("/account"))
            {
                // The pair antiforgery asks for, so it has nothing to override (and log) on the sign-in form.
                context.Response.Headers.CacheControl = "no-cache, no-store";
                context.Response.Headers.Pragma = "no-cache";
            }

            return next(context);
        });

    public static IEndpointRouteBuilder MapStaffEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // A form post with an antiforgery token (the staff bar's button), so another site cannot sign staff out.
        endpoints.MapPost(StaffAccounts.SignOutPath, async (HttpContext http, SignInManager<IdentityUser> signIn) =>
        {
            // The antiforgery middleware checks the token of endpoints that ask for it and leaves the verdict here.
            if (http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Sign-out refused",
                    detail: "The sign-out form's token is missing or out of date. Use the Sign out button on a staff page.");
            }

            await signIn.SignOutAsync();
            return Results.LocalRedirect("/");
        }).WithMetadata(new RequireAntiforgeryTokenAttribute());

        endpoints.MapGet("/staff/analytics.csv", async (HttpContext http, ContentStore content, QuizFigures figures, TimeProvider time,
            string? quiz, string? from, string? to, string? sessions, string? version) =>
        {
            var query = AnalyticsQuery.Read(content.Current, quiz, from, to, sessions, version, time);
            if (query.Quiz is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No quiz", detail: "There is no quiz to report on.");
            }

            var report = await figures.ReportAsync(query.Quiz, query.Figures, http.RequestAborted);
            var name = $"quiz-figures-{query.Quiz.Id}-{query.Figures.From:yyyy-MM-dd}-to-{query.Figures.To:yyyy-MM-dd}.csv";
            return Results.File(Encoding.UTF8.GetBytes(QuizFigures.Csv(report)), "text/csv; charset=utf-8", name);
        }).RequireAuthorization(StaffRoles.AnalyticsPolicy);

        return endpoints;
    }
}
