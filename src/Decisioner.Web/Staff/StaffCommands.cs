using System.CommandLine;
using System.Security.Cryptography;
using Decisioner.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Decisioner.Web.Staff;

/// <summary>
/// The commands that run against the database instead of serving (their words are parsed by System.CommandLine,
/// see <see cref="SiteCommands"/>):
/// <list type="bullet">
/// <item><c>migrate</c>: applies pending migrations (how production updates the schema).</item>
/// <item><c>users add EMAIL --role ROLE</c>: creates an account and prints a password to sign in with once.</item>
/// <item><c>users list</c>, <c>users remove EMAIL</c>, <c>users set-role EMAIL --role ROLE</c>.</item>
/// </list>
/// Exit codes: 0 done, 1 refused (the message says why), 2 not understood.
/// </summary>
public static class StaffCommands
{
    /// <summary>Runs <c>users ...</c> or <c>migrate</c> as the command line would, on these services.</summary>
    public static Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output) =>
        SiteCommands.RunAsync(args, services, output, output);

    /// <summary><c>migrate</c>; <paramref name="services"/> are needed only to run it, not to parse or show help.</summary>
    public static Command Migrate(IServiceProvider? services)
    {
        var command = new Command("migrate", "Apply the database's pending migrations (how production updates the schema).");
        command.SetAction(async (parse, cancellation) =>
        {
            await using var scope = Required(services).CreateAsyncScope();
            var database = scope.ServiceProvider.GetRequiredService<DatabaseSetup>();
            var db = scope.ServiceProvider.GetRequiredService<SiteDbContext>();
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellation)).ToList();
            database.Migrate(db);
            parse.InvocationConfiguration.Output.WriteLine(pending.Count == 0
                ? $"{database.Describe()}: already up to date."
                : $"{database.Describe()}: applied {pending.Count} migration(s): {string.Join(", ", pending)}.");
            return 0;
        });
        return command;
    }

    /// <summary><c>users</c> and its commands; <paramref name="services"/> are needed only to run them.</summary>
    public static Command Users(IServiceProvider? services)
    {
        static Argument<string> Email() => new("email") { Description = "The account's email address." };
        static Option<string> Role() => new("--role") { Description = $"One of: {string.Join(", ", StaffRoles.All)}.", Required = true };

        var list = new Command("list", "Every account, its role, and whether it is locked out.");
        list.SetAction((parse, _) => WithAccountsAsync(services, parse, (users, output) => ListAsync(users, output)));

        var addEmail = Email();
        var addRole = Role();
        var add = new Command("add", "Create an account and print a password for its first sign-in.") { addEmail, addRole };
        add.SetAction((parse, _) => WithAccountsAsync(services, parse, (users, output) =>
            AddAsync(users, parse.GetRequiredValue(addEmail), parse.GetRequiredValue(addRole), output)));

        var removeEmail = Email();
        var remove = new Command("remove", "Delete the account.") { removeEmail };
        remove.SetAction((parse, _) => WithAccountsAsync(services, parse, (users, output) =>
            RemoveAsync(users, parse.GetRequiredValue(removeEmail), output)));

        var setEmail = Email();
        var setRole = Role();
        var setRoleCommand = new Command("set-role", "Replace the account's role; its open sessions pick it up at their next check.") { setEmail, setRole };
        setRoleCommand.SetAction((parse, _) => WithAccountsAsync(services, parse, (users, output) =>
            SetRoleAsync(users, parse.GetRequiredValue(setEmail), parse.GetRequiredValue(setRole), output)));

        return new Command("users", "Staff accounts: there is no default one; 'users add' creates the first.") { list, add, remove, setRoleCommand };
    }

    /// <summary>
    /// Runs an account command on the database. The embedded database of a fresh clone is created on first
    /// use, as the site itself would; a schema that must be migrated by hand is refused with the site's words.
    /// </summary>
    private static async Task<int> WithAccountsAsync(IServiceProvider? services, ParseResult parse, Func<UserManager<IdentityUser>, TextWriter, Task<int>> run)
    {
        var output = parse.InvocationConfiguration.Output;
        await using var scope = Required(services).CreateAsyncScope();
        var provider = scope.ServiceProvider;
        try
        {
            provider.GetRequiredService<DatabaseSetup>().EnsureSchema(provider.GetRequiredService<SiteDbContext>());
        }
        catch (StartupRefusedException refused)
        {
            output.WriteLine(refused.Message);
            return 1;
        }

        var roles = provider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in StaffRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        return await run(provider.GetRequiredService<UserManager<IdentityUser>>(), output);
    }

    private static IServiceProvider Required(IServiceProvider? services) =>
        services ?? throw new InvalidOperationException("This command works on the database: run it once the site's services are built.");

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
