using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Decisioner.Web.Staff;

/// <summary>
/// The rule for the staff side, secure by default: every endpoint under <c>/staff</c>, <c>/editor</c> and
/// <c>/account</c> needs a signed-in account with a staff role and a password of its own (not the one
/// <c>users add</c> printed), whatever attribute its page or endpoint carries, or none at all. The rule is
/// put on those endpoints as they are mapped (<see cref="RequireStaffAreaRule{TBuilder}"/>), so public
/// pages never evaluate it; <c>EndpointAccessTests</c> fails if an endpoint in the area is mapped without
/// it. A page's own policy can only narrow the rule (to admins, say). Open on purpose: the sign-in page and
/// sign-out (<c>[AllowAnonymous]</c>), and the password and refusal pages
/// (<see cref="StaffRoles.AnyAccountPolicy"/>), which an account with the printed password or without a
/// role must reach.
/// </summary>
public static class StaffArea
{
    private static readonly PathString[] Prefixes = ["/staff", "/editor", "/account"];

    /// <summary>The policy every endpoint in the area carries: <see cref="StaffAreaRequirement"/>.</summary>
    public const string Policy = "staff-area";

    private static readonly AuthorizeAttribute Rule = new(Policy);

    public static bool Contains(PathString path) => Prefixes.Any(path.StartsWithSegments);

    /// <summary>Whether a route pattern (as mapped, with or without its leading slash) lies in the staff area.</summary>
    public static bool Contains(RoutePattern pattern) =>
        Contains(new PathString("/" + (pattern.RawText ?? "").TrimStart('/')));

    /// <summary>
    /// Puts the staff-area rule on each endpoint this builder maps whose route lies in the area, and on no
    /// other. Every mapping that can reach the area carries it: the pages (<c>MapRazorComponents</c>) and
    /// the staff and passkey endpoints.
    /// </summary>
    public static TBuilder RequireStaffAreaRule<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder route && Contains(route.RoutePattern))
            {
                endpoint.Metadata.Add(Rule);
            }
        });
        return builder;
    }

    /// <summary>
    /// A request for the staff side: under its paths, or for any endpoint that asks for authorization
    /// (<c>/diagnostics/memory</c>). These are checked against the database on every request, never
    /// cached and never compressed.
    /// </summary>
    public static bool IsStaffRequest(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Contains(context.Request.Path) || context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>() is not null;
    }

    /// <summary>Signed in, with one of the staff roles, and a password of the account's own.</summary>
    public static bool IsStaffMember(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true && StaffRoles.All.Any(user.IsInRole) && !StaffAccounts.HasPrintedPassword(user);
}

/// <summary>Signed in, a staff role, a password of the account's own: part of every staff policy.</summary>
public sealed class StaffMemberRequirement : IAuthorizationRequirement;

/// <summary>Any signed-in account, even one with the printed password or without a role: only for the pages that help such an account on.</summary>
public sealed class AnyAccountRequirement : IAuthorizationRequirement;

/// <summary>
/// The staff-area policy's one requirement, on every endpoint in the area: met by a staff member, and on
/// the pages open to any account (password, refusal), by any signed-in account, whose own policy says so.
/// </summary>
public sealed class StaffAreaRequirement : IAuthorizationRequirement;

/// <summary>Meets the three requirements above.</summary>
internal sealed class StaffAreaHandler : IAuthorizationHandler
{
    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        var member = StaffArea.IsStaffMember(context.User);
        var signedIn = context.User.Identity?.IsAuthenticated == true;
        var openToAnyAccount = context.Requirements.Any(r => r is AnyAccountRequirement);
        foreach (var requirement in context.PendingRequirements.ToList())
        {
            var met = requirement switch
            {
                StaffMemberRequirement => member,
                StaffAreaRequirement => member || (openToAnyAccount && signedIn),
                AnyAccountRequirement => signedIn,
                _ => false,
            };
            if (met)
            {
                context.Succeed(requirement);
            }
        }

        return Task.CompletedTask;
    }
}
