using System.Buffers.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace Decisioner.Web.Staff;

/// <summary>
/// Passkeys for staff (WebAuthn through ASP.NET Core Identity): the two endpoints the browser asks for
/// the options of a ceremony, and the rules the sign-in and Passkeys pages share. A ceremony is: the page's
/// script posts its form here for options, the browser asks the device, and the script posts the device's
/// answer back to the page, which has Identity check it against the state this endpoint left in a
/// short-lived cookie (read once).
/// </summary>
public static class StaffPasskeys
{
    public const string PagePath = "/account/passkeys";

    public const string CreationOptionsPath = "/account/passkey/creation-options";

    public const string RequestOptionsPath = "/account/passkey/request-options";

    /// <summary>Signed in with a staff role and the account's own password: the printed one cannot add a passkey.</summary>
    public const string Policy = "passkeys";

    /// <summary>A device's answer is 1-3 KB; anything near this is not one.</summary>
    public const int MaxCredentialJsonLength = 16 * 1024;

    public const int MaxNameLength = 60;

    /// <summary>Enough for every device a person uses; a bound on what a stolen session could add.</summary>
    public const int MaxPerAccount = 10;

    public static IServiceCollection AddStaffPasskeys(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .RequireRole(StaffRoles.All)
            .RequireAssertion(context => !StaffAccounts.HasPrintedPassword(context.User)));
        return services;
    }

    /// <summary>
    /// Both answer JSON to the page's script, and skip the status-code pages: a refusal's empty 401 or 403
    /// would otherwise be re-run as the not-found page, which refuses a POST with a 400.
    /// </summary>
    public static RouteGroupBuilder MapPasskeyEndpoints(this IEndpointRouteBuilder app)
    {
        var endpoints = app.MapGroup("");
        // Options for adding a passkey to the signed-in account. The password is asked again, so that a
        // session left open on a shared computer cannot be turned into a way in that outlives it.
        endpoints.MapPost(CreationOptionsPath, async (HttpContext http, UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn) =>
        {
            if (RefusedForm(http) is { } refused)
            {
                return refused;
            }

            if (await users.GetUserAsync(http.User) is not { } user)
            {
                return Refusal(StatusCodes.Status401Unauthorized, "Your account no longer exists. Sign in again.");
            }

            var password = (await http.Request.ReadFormAsync(http.RequestAborted))["Password"].ToString();
            if (password.Length is 0 or > 256)
            {
                return Refusal(StatusCodes.Status400BadRequest, "Enter your password to add a passkey.");
            }

            var check = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
            if (!check.Succeeded)
            {
                return Refusal(StatusCodes.Status400BadRequest, check.IsLockedOut
                    ? "Too many failed attempts: this account is locked for 15 minutes. An administrator can also unlock it."
                    : "That is not your password. No passkey was added.");
            }

            if ((await users.GetPasskeysAsync(user)).Count >= MaxPerAccount)
            {
                return Refusal(StatusCodes.Status400BadRequest, $"Your account already has {MaxPerAccount} passkeys, the most it can hold. Remove one to add another.");
            }

            var name = user.UserName ?? user.Id;
            var options = await signIn.MakePasskeyCreationOptionsAsync(new() { Id = user.Id, Name = name, DisplayName = name });
            return Results.Content(options, "application/json");
        }).RequireAuthorization(Policy).WithMetadata(new RequireAntiforgeryTokenAttribute(), new Microsoft.AspNetCore.Mvc.SkipStatusCodePagesAttribute());

        // Options for signing in. No account is named: the device offers the passkeys it holds for this site,
        // so the answer is the same for every visitor and says nothing about which emails have accounts.
        endpoints.MapPost(RequestOptionsPath, async (HttpContext http, SignInManager<IdentityUser> signIn) =>
        {
            if (RefusedForm(http) is { } refused)
            {
                return refused;
            }

            var options = await signIn.MakePasskeyRequestOptionsAsync(null);
            return Results.Content(options, "application/json");
        }).AllowAnonymous().WithMetadata(new RequireAntiforgeryTokenAttribute(), new Microsoft.AspNetCore.Mvc.SkipStatusCodePagesAttribute());

        return endpoints;
    }

    /// <summary>The device's answer as posted, or why it is not one.</summary>
    public static bool TryRead(string? credentialJson, out string json, out string? problem)
    {
        json = credentialJson?.Trim() ?? "";
        problem = json.Length switch
        {
            0 => "Your browser sent no passkey. Try again.",
            > MaxCredentialJsonLength => "Your browser's answer is far too large to be a passkey, so it was not read.",
            _ => null,
        };
        return problem is null;
    }

    /// <summary>The credential a checked answer names (its <c>id</c>), to find its account; null if there is none.</summary>
    public static byte[]? CredentialIdOf(string credentialJson)
    {
        try
        {
            using var document = JsonDocument.Parse(credentialJson);
            return document.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                ? Base64Url.DecodeFromChars(id.GetString())
                : null;
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return null;
        }
    }

    /// <summary>A passkey's name as typed, without control characters; null when it is empty.</summary>
    public static string? CleanName(string? name)
    {
        var clean = new string((name ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        return clean.Length == 0 ? null : clean;
    }

    /// <summary>A post from another site has no token: refused with a reason, as the sign-out form is.</summary>
    private static IResult? RefusedForm(HttpContext http) =>
        http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false }
            ? Refusal(StatusCodes.Status400BadRequest, "The page's form token is missing or out of date. Reload the page and try again.")
            : !http.Request.HasFormContentType
                ? Refusal(StatusCodes.Status400BadRequest, "Post the page's form.")
                : null;

    private static IResult Refusal(int status, string detail) =>
        Results.Problem(statusCode: status, title: "Passkey refused", detail: detail);
}
