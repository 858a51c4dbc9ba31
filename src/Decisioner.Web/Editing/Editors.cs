using System.Security.Claims;
using Decisioner.Web.Staff;
using Microsoft.AspNetCore.Identity;

namespace Decisioner.Web.Editing;

/// <summary>An account allowed to write content, as it stands in the database at the moment of the write.</summary>
public sealed record Editor(string Id, string Name, string Email);

/// <summary>
/// Checks, at every write, that the account behind a page is still an editor (or admin). An editing page stays
/// open for a long time; an account removed, locked or given another role meanwhile must not publish from a
/// page it opened before.
/// </summary>
public sealed class Editors(IServiceScopeFactory scopes)
{
    public async Task<Editor?> CurrentAsync(ClaimsPrincipal? user)
    {
        var id = user?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var account = await users.FindByIdAsync(id);
        if (account is null || await users.IsLockedOutAsync(account))
        {
            return null;
        }

        var roles = await users.GetRolesAsync(account);
        if (!roles.Contains(StaffRoles.Editor) && !roles.Contains(StaffRoles.Admin))
        {
            return null;
        }

        var name = account.UserName ?? account.Email ?? id;
        return new Editor(id, name, account.Email ?? name);
    }
}
