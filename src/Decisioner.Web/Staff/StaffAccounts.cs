using Decisioner.Web.Data;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
            // Identity's events object holds its security-stamp check: it is kept, and these are set on it.
            // A page sends its visitor to sign in (or to the refusal page); anything else (a CSV) answers 401 or 403.
            cookie.Events.OnRedirectToLogin = context => Answer(context, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => Answer(context, StatusCodes.Status403Forbidden);
            cookie.Events.OnValidatePrincipal = ValidateAsync;
        });

        // The account is read again on every staff request: a changed password, a new role, a removal or
        // "sign out everywhere" (each changes the security stamp) ends every other session at once.
        services.TryAddScoped<ISecurityStampValidator, SecurityStampValidator<IdentityUser>>();
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.Zero);

        services.AddSingleton<IAuthorizationHandler, StaffAreaHandler>();
        services.AddAuthorizationBuilder()
            // On every endpoint in the staff area as it is mapped (StaffArea.RequireStaffAreaRule), whatever else it carries.
            // Not a fallback policy: that would be evaluated on every public request too, for nothing.
            .AddPolicy(StaffArea.Policy, policy => policy.AddRequirements(new StaffAreaRequirement()))
            .AddPolicy(StaffRoles.EditorPolicy, policy => policy.RequireRole(StaffRoles.Editor, StaffRoles.Admin).AddRequirements(new StaffMemberRequirement()))
            .AddPolicy(StaffRoles.AnalyticsPolicy, policy => policy.RequireRole(StaffRoles.Admissions, StaffRoles.Admin).AddRequirements(new StaffMemberRequirement()))
            .AddPolicy(StaffRoles.DeskPolicy, policy => policy.RequireRole(StaffRoles.Admissions, StaffRoles.Admin).AddRequirements(new StaffMemberRequirement()))
            .AddPolicy(StaffRoles.AdminPolicy, policy => policy.RequireRole(StaffRoles.Admin).AddRequirements(new StaffMemberRequirement()))
            .AddPolicy(StaffRoles.AnyAccountPolicy, policy => policy.AddRequirements(new AnyAccountRequirement()));
        services.AddCascadingAuthenticationState();

        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AuditTrail>();
        services.AddHostedService(s => s.GetRequiredService<AuditTrail>());
        services.AddScoped<StaffAccountService>();
        services.AddScoped<SignInService>();
        return services;
    }

    /// <summary>
    /// The security-stamp check, on staff requests only: a public page reads nothing of the account, so a
    /// member of staff reading a guide costs no database read and gets no renewed cookie. If the database
    /// cannot be reached the session counts as signed out for this request (the cookie is kept, and works
    /// again once the database is back), rather than failing the page.
    /// </summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (!StaffArea.IsStaffRequest(context.HttpContext))
        {
            return;
        }

        try
        {
            await SecurityStampValidator.ValidatePrincipalAsync(context);
        }
        catch (Exception ex) when (DatabaseFault.Is(ex))
        {
            context.RejectPrincipal();
        }
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

    /// <summary>
    /// Where to go after signing in: a path on this site, or the staff home. Never another site: not
    /// <c>//host</c>, nor <c>/\host</c>, nor a path with a tab or a line break (which browsers drop, so
    /// <c>/&lt;tab&gt;/host</c> is <c>//host</c> to them), nor any backslash, which some browsers read as a slash.
    /// </summary>
    public static string SafeReturn(string? returnUrl) =>
        returnUrl is { Length: > 1 } url && url[0] == '/' && url[1] != '/'
            && !url.Any(c => c == '\\' || char.IsControl(c) || char.IsWhiteSpace(c))
            && !url.Contains("://", StringComparison.Ordinal)
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
