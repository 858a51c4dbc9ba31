using System.Security.Cryptography;
using Decisioner.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Decisioner.Web.Staff;

/// <summary>
/// The commands that run against the database instead of serving:
/// <list type="bullet">
/// <item><c>migrate</c>: applies pending migrations (how production updates the schema).</item>
/// <item><c>users add EMAIL --role ROLE</c>: creates an account and prints a password to sign in with once.</item>
/// <item><c>users list</c>, <c>users remove EMAIL</c>, <c>users set-role EMAIL --role ROLE</c>.</item>
/// </list>
/// Exit codes: 0 done, 1 refused (the message says why), 2 not understood.
/// </summary>
public static class StaffCommands
{
    public static bool IsCommand(string[] args) => args is ["migrate", ..] or ["users", ..];

    private const string Usage = """
        usage: migrate
               users add EMAIL --role admin|admissions|editor
               users list
               users remove EMAIL
               users set-role EMAIL --role admin|admissions|editor
        """;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var database = provider.GetRequiredService<DatabaseSetup>();
        var db = provider.GetRequiredService<SiteDbContext>();

        if (args is ["migrate", ..])
        {
            var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
            database.Migrate(db);
            output.WriteLine(pending.Count == 0
                ? $"{database.Describe()}: already up to date."
                : $"{database.Describe()}: applied {pending.Count} migration(s): {string.Join(", ", pending)}.");
            return 0;
        }

        // The embedded database of a fresh clone is created on first use, as the site itself would; a
        // schema that must be migrated by hand is refused with the same words the site uses.
        try
        {
            database.EnsureSchema(db);
        }
        catch (StartupRefusedException refused)
        {
            output.WriteLine(refused.Message);
            return 1;
        }

        var users = provider.GetRequiredService<UserManager<IdentityUser>>();
        var roles = provider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in StaffRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        var rest = args.Skip(1).ToList();
        var roleName = Option(rest, "--role");
        // Words that are not options, nor the value of an option written as "--name value" (settings such
        // as --Database:DataFolder=/x may come along too, and are the host's business).
        var positional = rest.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal)
            && (i == 0 || !rest[i - 1].StartsWith("--", StringComparison.Ordinal) || rest[i - 1].Contains('=', StringComparison.Ordinal))).ToList();
        switch (positional)
        {
            case ["list"]:
                return await ListAsync(users, output);
            case ["add", var email] when roleName is not null:
                return await AddAsync(users, email, roleName, output);
            case ["remove", var email]:
                return await RemoveAsync(users, email, output);
            case ["set-role", var email] when roleName is not null:
                return await SetRoleAsync(users, email, roleName, output);
            default:
                output.WriteLine(Usage);
                return 2;
        }
    }

    private static string? Option(List<string> args, string name)
    {
        var at = args.IndexOf(name);
        return at >= 0 && at + 1 < args.Count ? args[at + 1] : null;
    }

    private static async Task<int> ListAsync(UserManager<IdentityUser> users, TextWriter output)
    {
        var all = await users.Users.OrderBy(u => u.NormalizedEmail).ToListAsync();
        if (all.Count == 0)
        {
            output.WriteLine("No staff accounts yet. Create one with: users add EMAIL --role admin");
            return 0;
        }

        foreach (var user in all)
        {
            var roles = await users.GetRolesAsync(user);
            var locked = await users.IsLockedOutAsync(user) ? "  (locked out)" : "";
            output.WriteLine($"{user.Email}\t{string.Join(",", roles.Order(StringComparer.Ordinal))}{locked}");
        }

        return 0;
    }

    private static async Task<int> AddAsync(UserManager<IdentityUser> users, string email, string role, TextWriter output)
    {
        if (!IsRole(role, output))
        {
            return 1;
        }

        if (await users.FindByEmailAsync(email) is not null)
        {
            output.WriteLine($"{email} already has an account. To change its role: users set-role {email} --role {role}");
            return 1;
        }

        var user = new IdentityUser { UserName = email, Email = email, EmailConfirmed = true };
        var password = NewPassword();
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            output.WriteLine($"{email}: not created: {Describe(created)}");
            return 1;
        }

        await users.AddToRoleAsync(user, role);
        await users.AddClaimAsync(user, new System.Security.Claims.Claim(StaffAccounts.MustChangePasswordClaim, "true"));
        output.WriteLine($"Created {email} with the role {role}.");
        output.WriteLine($"Password, shown once: {password}");
        output.WriteLine($"Sign in with it at {StaffAccounts.SignInPath}: it opens only the page that asks for a password of your own, and stops working once you have chosen one.");
        return 0;
    }

    private static async Task<int> RemoveAsync(UserManager<IdentityUser> users, string email, TextWriter output)
    {
        if (await users.FindByEmailAsync(email) is not { } user)
        {
            output.WriteLine($"{email}: no such account.");
            return 1;
        }

        await users.DeleteAsync(user);
        output.WriteLine($"Removed {email}. Its sign-in cookies stop working at their next check.");
        return 0;
    }

    private static async Task<int> SetRoleAsync(UserManager<IdentityUser> users, string email, string role, TextWriter output)
    {
        if (!IsRole(role, output))
        {
            return 1;
        }

        if (await users.FindByEmailAsync(email) is not { } user)
        {
            output.WriteLine($"{email}: no such account. To create it: users add {email} --role {role}");
            return 1;
        }

        await users.RemoveFromRolesAsync(user, await users.GetRolesAsync(user));
        await users.AddToRoleAsync(user, role);
        // Signed-in sessions pick the new role up at their next check, not at their next sign-in.
        await users.UpdateSecurityStampAsync(user);
        output.WriteLine($"{email} now has the role {role}.");
        return 0;
    }

    private static bool IsRole(string role, TextWriter output)
    {
        if (StaffRoles.All.Contains(role))
        {
            return true;
        }

        output.WriteLine($"'{role}' is not a role. The roles are: {string.Join(", ", StaffRoles.All)}.");
        return false;
    }

    internal static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));

    /// <summary>20 characters from an alphabet without look-alikes (no 0/O, 1/l/I): about 115 bits.</summary>
    private static string NewPassword()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return RandomNumberGenerator.GetString(alphabet, 20);
    }
}
