using System.Data;
using System.Security.Claims;
using Decisioner.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Decisioner.Web.Staff;

/// <summary>
/// Everything done to staff accounts, by the accounts page and (later) the <c>users</c> commands alike:
/// list, add with a printed password, change a role, unlock, sign out everywhere, remove, and a member
/// of staff changing their own password. Each change is written to the audit trail, and each refusal
/// comes back as a plain reason rather than an exception. No change may leave the site without an
/// administrator.
/// </summary>
public sealed class StaffAccountService(
    UserManager<IdentityUser> users,
    RoleManager<IdentityRole> roles,
    SiteDbContext db,
    AuditTrail audit,
    TimeProvider time)
{
    // Changes to existing accounts run one at a time in this process; across instances (PostgreSQL) the
    // serializable transaction around each does the same for the count of administrators.
    private static readonly SemaphoreSlim Changes = new(1, 1);

    public async Task<IReadOnlyList<StaffAccountRow>> ListAsync(CancellationToken cancellation = default)
    {
        var accounts = await db.Users.AsNoTracking().OrderBy(u => u.NormalizedEmail).ToListAsync(cancellation);
        var roleNames = await (from link in db.UserRoles
                               join role in db.Roles on link.RoleId equals role.Id
                               select new { link.UserId, role.Name }).ToListAsync(cancellation);
        var printed = await db.UserClaims.Where(c => c.ClaimType == StaffAccounts.MustChangePasswordClaim)
            .Select(c => c.UserId).ToListAsync(cancellation);
        var info = await db.StaffAccountInfo.AsNoTracking().ToDictionaryAsync(i => i.UserId, cancellation);
        var passkeys = await db.UserPasskeys.GroupBy(p => p.UserId).Select(g => new { UserId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(p => p.UserId, p => p.Count, cancellation);
        return [.. accounts.Select(u => new StaffAccountRow(
            u.Id,
            u.Email ?? u.UserName ?? "",
            roleNames.Where(r => r.UserId == u.Id).Select(r => r.Name).Order(StringComparer.Ordinal).FirstOrDefault(),
            info.GetValueOrDefault(u.Id)?.CreatedAt,
            info.GetValueOrDefault(u.Id)?.LastSignInAt,
            u.LockoutEnd,
            printed.Contains(u.Id),
            passkeys.GetValueOrDefault(u.Id)))];
    }

    /// <summary>The account with this id or email, or null.</summary>
    public async Task<IdentityUser?> FindAsync(string? idOrEmail)
    {
        if (string.IsNullOrWhiteSpace(idOrEmail) || idOrEmail.Length > AccountRules.MaxEmailLength)
        {
            return null;
        }

        return await users.FindByIdAsync(idOrEmail) ?? await users.FindByEmailAsync(idOrEmail.Trim());
    }

    /// <summary>
    /// Creates an account with one role and a printed password that opens only the page where the
    /// account chooses its own. The password is in the result, to be shown once.
    /// </summary>
    public async Task<AccountResult> AddAsync(string actor, string? email, string? role)
    {
        email = email?.Trim() ?? "";
        if (AccountRules.CheckEmail(email) is { } problem)
        {
            return AccountResult.Refused(problem);
        }

        if (!AccountRules.IsRole(role))
        {
            return AccountResult.Refused(AccountRules.NotARole(role));
        }

        try
        {
            await EnsureRolesAsync();
            if (await users.FindByEmailAsync(email) is not null || await users.FindByNameAsync(email) is not null)
            {
                return AccountResult.Refused($"{email} already has an account. To change what it may open, change its role.");
            }

            var user = new IdentityUser { UserName = email, Email = email, EmailConfirmed = true };
            var password = AccountRules.NewPassword();
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                var created = await users.CreateAsync(user, password);
                if (!created.Succeeded)
                {
                    return AccountResult.Refused($"{email} was not added: {Describe(created)}");
                }

                Check(await users.AddToRoleAsync(user, role!));
                Check(await users.AddClaimAsync(user, new Claim(StaffAccounts.MustChangePasswordClaim, "true")));
                db.StaffAccountInfo.Add(new StaffAccountInfo { UserId = user.Id, CreatedAt = Now });
                await db.SaveChangesAsync();
                await transaction.CommitAsync();
            }

            audit.Record(AuditEvents.AccountAdded, actor, email, "role " + role);
            return AccountResult.Done($"Added {email} with the role {role}.", password);
        }
        catch (Exception ex) when (ex is ChangeFailedException || DatabaseFault.Is(ex))
        {
            db.ChangeTracker.Clear();
            return AccountResult.Refused(NotSaved);
        }
    }

    /// <summary>Replaces the account's role; its other sessions end at their next request.</summary>
    public Task<AccountResult> SetRoleAsync(string actor, string? account, string? role) =>
        ChangeAsync(account, async user =>
        {
            if (!AccountRules.IsRole(role))
            {
                return AccountResult.Refused(AccountRules.NotARole(role));
            }

            await EnsureRolesAsync();
            var before = await users.GetRolesAsync(user);
            if (before.Count == 1 && before[0] == role)
            {
                return AccountResult.Refused($"{user.Email} already has the role {role}.");
            }

            if (before.Contains(StaffRoles.Admin) && role != StaffRoles.Admin && await IsLastAdminAsync(user))
            {
                return AccountResult.Refused($"{user.Email} is the only administrator. Make another account an administrator first, so the site keeps one.");
            }

            Check(await users.RemoveFromRolesAsync(user, before));
            Check(await users.AddToRoleAsync(user, role!));
            // Sessions signed in with the old role end at their next request, whatever they were doing.
            Check(await users.UpdateSecurityStampAsync(user));
            var from = before.Count == 0 ? "no role" : string.Join(", ", before.Order(StringComparer.Ordinal));
            return AccountResult.Done($"{user.Email} now has the role {role}.", detail: $"{from} → {role}");
        }, AuditEvents.RoleChanged, actor);

    /// <summary>Removes the account, its role and its sessions (they end at their next request).</summary>
    public Task<AccountResult> RemoveAsync(string actor, string? account) =>
        ChangeAsync(account, async user =>
        {
            if (await users.IsInRoleAsync(user, StaffRoles.Admin) && await IsLastAdminAsync(user))
            {
                return AccountResult.Refused($"{user.Email} is the only administrator and cannot be removed. Make another account an administrator first.");
            }

            Check(await users.DeleteAsync(user));
            return AccountResult.Done($"Removed {user.Email}. Any session it had open ends at its next request.");
        }, AuditEvents.AccountRemoved, actor);

    /// <summary>Lifts a lockout after failed sign-ins, and clears the count of failures.</summary>
    public Task<AccountResult> UnlockAsync(string actor, string? account) =>
        ChangeAsync(account, async user =>
        {
            var wasLocked = await users.IsLockedOutAsync(user);
            Check(await users.SetLockoutEndDateAsync(user, null));
            Check(await users.ResetAccessFailedCountAsync(user));
            return wasLocked
                ? AccountResult.Done($"{user.Email} is unlocked and may sign in again.")
                : AccountResult.Done($"{user.Email} was not locked; its count of failed sign-ins is cleared.", detail: "was not locked");
        }, AuditEvents.AccountUnlocked, actor);

    /// <summary>Ends every session of the account at its next request; the account stays, with its password.</summary>
    public Task<AccountResult> SignOutEverywhereAsync(string actor, string? account) =>
        ChangeAsync(account, async user =>
        {
            Check(await users.UpdateSecurityStampAsync(user));
            return AccountResult.Done($"Every session of {user.Email} ends at its next request.");
        }, AuditEvents.SignedOutEverywhere, actor);

    /// <summary>
    /// A member of staff choosing a new password. Ends the account's other sessions (Identity changes the
    /// security stamp), and retires the printed password's mark. The caller refreshes its own sign-in.
    /// </summary>
    public async Task<AccountResult> ChangeOwnPasswordAsync(IdentityUser user, string current, string next)
    {
        ArgumentNullException.ThrowIfNull(user);
        List<Claim> printed;
        try
        {
            var result = await users.ChangePasswordAsync(user, current, next);
            if (!result.Succeeded)
            {
                return AccountResult.Refused(Describe(result));
            }

            printed = [.. (await users.GetClaimsAsync(user)).Where(StaffAccounts.IsPrintedPassword)];
            if (printed.Count > 0)
            {
                Check(await users.RemoveClaimsAsync(user, printed));
            }
        }
        catch (Exception ex) when (ex is ChangeFailedException || DatabaseFault.Is(ex))
        {
            db.ChangeTracker.Clear();
            return AccountResult.Refused(NotSaved);
        }

        audit.Record(AuditEvents.PasswordChanged, user.Email, user.Email, printed.Count > 0 ? "replaced the printed password" : "");
        return AccountResult.Done("Your password is changed. Any other session of your account ends at its next request.");
    }

    /// <summary>Notes a successful sign-in's time, for the accounts page.</summary>
    public async Task NoteSignInAsync(IdentityUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var info = await db.StaffAccountInfo.FindAsync(user.Id);
        if (info is null)
        {
            db.StaffAccountInfo.Add(new StaffAccountInfo { UserId = user.Id, LastSignInAt = Now });
        }
        else
        {
            info.LastSignInAt = Now;
        }

        await db.SaveChangesAsync();
    }

    /// <summary>How many accounts hold the admin role now.</summary>
    public async Task<int> CountAdminsAsync() => (await users.GetUsersInRoleAsync(StaffRoles.Admin)).Count;

    private const string NotSaved = "The change could not be saved, so nothing was changed: another change may have been made at the same moment, or the database is unavailable. Try again.";

    private const string NoSuchAccount = "There is no such account: it may have been removed meanwhile.";

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Runs one change to an account: one at a time in this process, and in a serializable transaction,
    /// so that two changes made at once cannot both count the same other administrator. A change that
    /// cannot be saved (a conflict, a database that is away) comes back as a refusal that says so.
    /// </summary>
    private async Task<AccountResult> ChangeAsync(string? account, Func<IdentityUser, Task<AccountResult>> change, string auditEvent, string actor)
    {
        await Changes.WaitAsync();
        try
        {
            if (await FindAsync(account) is not { } user)
            {
                return AccountResult.Refused(NoSuchAccount);
            }

            var email = user.Email;
            AccountResult result;
            await using (var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable))
            {
                result = await change(user);
                if (!result.Succeeded)
                {
                    return result;
                }

                await transaction.CommitAsync();
            }

            audit.Record(auditEvent, actor, email, result.Detail);
            return result;
        }
        catch (Exception ex) when (ex is ChangeFailedException || DatabaseFault.Is(ex))
        {
            db.ChangeTracker.Clear();
            return AccountResult.Refused(NotSaved);
        }
        finally
        {
            Changes.Release();
        }
    }

    private async Task<bool> IsLastAdminAsync(IdentityUser user) =>
        (await users.GetUsersInRoleAsync(StaffRoles.Admin)).All(u => u.Id == user.Id);

    private async Task EnsureRolesAsync()
    {
        foreach (var role in StaffRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)));
            }
        }
    }

    /// <summary>Identity reports failures as results; one here (a concurrency conflict) abandons the whole change.</summary>
    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new ChangeFailedException(Describe(result));
        }
    }

    private sealed class ChangeFailedException(string message) : Exception(message);

    internal static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));
}
