using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace Decisioner.Web.Staff;

/// <summary>
/// The rule for the staff side, secure by default: every request under <c>/staff</c>, <c>/editor</c> and
/// <c>/account</c> needs a signed-in account with a staff role and a password of its own (not the one
/// <c>users add</c> printed), whatever attribute its page or endpoint carries, or none at all. A page's
/// own policy can only narrow that (to admins, say). Open on purpose: the sign-in page and sign-out
/// (<c>[AllowAnonymous]</c>), and the password and refusal pages (<see cref="StaffRoles.AnyAccountPolicy"/>),
/// which an account with the printed password or without a role must reach.
/// </summary>
public static class StaffArea
{
    private static readonly PathString[] Prefixes = ["/staff", "/editor", "/account"];

    public static bool Contains(PathString path) => Prefixes.Any(path.StartsWithSegments);

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

/// <summary>The fallback policy's one requirement: met outside the staff side, and by a staff member inside it.</summary>
public sealed class StaffAreaRequirement : IAuthorizationRequirement;

/// <summary>Meets the three requirements above, and refuses any request in the staff area that is not a staff member's.</summary>
internal sealed class StaffAreaHandler : IAuthorizationHandler
{
    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        var member = StaffArea.IsStaffMember(context.User);
        var inArea = context.Resource is HttpContext http && StaffArea.Contains(http.Request.Path);
        var signedIn = context.User.Identity?.IsAuthenticated == true;
        foreach (var requirement in context.PendingRequirements.ToList())
        {
            var met = requirement switch
            {
                StaffMemberRequirement => member,
                StaffAreaRequirement => member || !inArea,
                AnyAccountRequirement => signedIn,
                _ => false,
            };
            if (met)
            {
                context.Succeed(requirement);
            }
        }

        // Whatever the endpoint's own policy: a plain [Authorize(Roles = ...)] added later is not enough here.
        if (inArea && !member && !context.Requirements.Any(r => r is AnyAccountRequirement))
        {
            context.Fail(new AuthorizationFailureReason(this, "The staff side needs a staff role and a password of the account's own."));
        }

        return Task.CompletedTask;
    }
}
