using Decisioner.Web.Data;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace Decisioner.Web.Staff;

public static class StaffAccounts
{
    /// <summary>Path of the sign-in page; every staff page sends a visitor without the right cookie here.</summary>
    public const string SignInPath = "/account/sign-in";

    public const string SignOutPath = "/account/sign-out";

    public const string DeniedPath = "/account/denied";

    public const string PasswordPath = "/account/password";

    /// <summary>
    /// ASP.NET Core Identity on the site's database: accounts with the roles admin, admissions and editor;
    /// lockout after repeated failures; a cookie that is HttpOnly, SameSite=Lax, Secure outside
    /// Development. Nothing here sets a cookie until a member of staff signs in.
    /// </summary>
    public static IServiceCollection AddStaffAccounts(this IServiceCollection services, IHostEnvironment environment)
    {
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.AddIdentityCore<IdentityUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 12;
                // Length is what makes a password strong (NIST SP 800-63B, 5.1.1.2); no composition rules.
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireDigit = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireLowercase = false;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                // Version 3 has the passkeys table.
                options.Stores.SchemaVersion = SiteDbContext.IdentitySchemaVersion;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<SiteDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        // Passkeys for the site's own address (the relying party is the host the browser asked for). The device's
        // screen lock every time, as a passkey stands in for the password; kept on the device (resident), as
        // sign-in names no account and the device offers the passkeys it holds (Staff/StaffPasskeys.cs).
        services.Configure<IdentityPasskeyOptions>(passkeys =>
        {
            passkeys.UserVerificationRequirement = "required";
            passkeys.ResidentKeyRequirement = "required";
            passkeys.AuthenticatorTimeout = TimeSpan.FromMinutes(3);
        });

        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "decisioner-staff";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
            cookie.LoginPath = SignInPath;
            cookie.LogoutPath = SignOutPath;
            cookie.AccessDeniedPath = DeniedPath;
            cookie.ReturnUrlParameter = "returnUrl";
            // A page sends its visitor to sign in (or to the refusal page); anything else (the CSV) answers 401 or 403.
            cookie.Events = new CookieAuthenticationEvents
            {
                OnRedirectToLogin = context => Answer(context, StatusCodes.Status401Unauthorized),
                OnRedirectToAccessDenied = context => Answer(context, StatusCodes.Status403Forbidden),
            };
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(StaffRoles.EditorPolicy, policy => policy.RequireRole(StaffRoles.Editor, StaffRoles.Admin).RequireAssertion(HasOwnPassword))
            .AddPolicy(StaffRoles.AnalyticsPolicy, policy => policy.RequireRole(StaffRoles.Admissions, StaffRoles.Admin).RequireAssertion(HasOwnPassword));
        services.AddCascadingAuthenticationState();
        return services;
    }

    /// <summary>
    /// Marks an account whose password was printed by <c>users add</c>: that password opens only the page
    /// where the account chooses its own (every staff page is refused until then), and then stops working.
    /// </summary>
    public const string MustChangePasswordClaim = "decisioner:must-change-password";

    /// <summary>The claim <c>users add</c> sets on a new account, removed when it chooses its own password.</summary>
    public static bool IsPrintedPassword(System.Security.Claims.Claim claim) =>
        claim?.Type == MustChangePasswordClaim;

    /// <summary>Whether this signed-in account still has the password <c>users add</c> printed.</summary>
    public static bool HasPrintedPassword(System.Security.Claims.ClaimsPrincipal user) =>
        user?.HasClaim(IsPrintedPassword) == true;

    private static bool HasOwnPassword(Microsoft.AspNetCore.Authorization.AuthorizationHandlerContext context) =>
        !HasPrintedPassword(context.User);

    /// <summary>Where to go after signing in: a path on this site, or the staff home. Never another site.</summary>
    public static string SafeReturn(string? returnUrl) =>
        returnUrl is { Length: > 1 } url && url[0] == '/' && url[1] is not '/' and not '\\' && !url.Contains("://", StringComparison.Ordinal)
            ? url
            : "/staff";

    private static Task Answer(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is not null)
        {
            context.Response.Redirect(context.RedirectUri);
        }
        else
        {
            context.Response.StatusCode = status;
        }

        return Task.CompletedTask;
    }
}
