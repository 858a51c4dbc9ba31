using System.CommandLine;
using Decisioner.Web.Data;
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
        list.SetAction((parse, _) => WithAccountsAsync(services, parse, ListAsync));

        var addEmail = Email();
        var addRole = Role();
        var add = new Command("add", "Create an account and print a password for its first sign-in.") { addEmail, addRole };
        add.SetAction((parse, _) => WithAccountsAsync(services, parse, (accounts, output) =>
            AddAsync(accounts, parse.GetRequiredValue(addEmail), parse.GetRequiredValue(addRole), output)));

        var removeEmail = Email();
        var remove = new Command("remove", "Delete the account (never the last administrator).") { removeEmail };
        remove.SetAction((parse, _) => WithAccountsAsync(services, parse, (accounts, output) =>
            Report(accounts.RemoveAsync(Actor, parse.GetRequiredValue(removeEmail)), output)));

        var setEmail = Email();
        var setRole = Role();
        var setRoleCommand = new Command("set-role", "Replace the account's role; its open sessions pick it up at their next check.") { setEmail, setRole };
        setRoleCommand.SetAction((parse, _) => WithAccountsAsync(services, parse, (accounts, output) =>
            Report(accounts.SetRoleAsync(Actor, parse.GetRequiredValue(setEmail), parse.GetRequiredValue(setRole)), output)));

        return new Command("users", "Staff accounts: there is no default one; 'users add' creates the first.") { list, add, remove, setRoleCommand };
    }

    /// <summary>
    /// Runs an account command on the database, through the same <see cref="StaffAccountService"/> as the
    /// accounts page, so the same rules hold (the last administrator stays) and the same audit lines are
    /// written, with the command line as the one who acted. The embedded database of a fresh clone is
    /// created on first use, as the site itself would; a schema that must be migrated by hand is refused
    /// with the site's words.
    /// </summary>
    private static async Task<int> WithAccountsAsync(IServiceProvider? services, ParseResult parse, Func<StaffAccountService, TextWriter, Task<int>> run)
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

        var code = await run(provider.GetRequiredService<StaffAccountService>(), output);
        // The site's writer runs in the background; a command has no background, so its lines are written now.
        await provider.GetRequiredService<AuditTrail>().FlushAsync();
        return code;
    }

    private static IServiceProvider Required(IServiceProvider? services) =>
        services ?? throw new InvalidOperationException("This command works on the database: run it once the site's services are built.");

    /// <summary>Who acted, in the audit trail, for a change made with these commands.</summary>
    private static string Actor => $"command line ({Environment.UserName})";

    private static async Task<int> ListAsync(StaffAccountService accounts, TextWriter output)
    {
        var all = await accounts.ListAsync();
        if (all.Count == 0)
        {
            output.WriteLine("No staff accounts yet. Create one with: users add EMAIL --role admin");
            return 0;
        }

        var now = DateTimeOffset.UtcNow;
        foreach (var account in all)
        {
            var locked = account.IsLockedAt(now) ? "  (locked out)" : "";
            output.WriteLine($"{account.Email}\t{account.Role ?? "no role"}{locked}");
        }

        return 0;
    }

    private static async Task<int> AddAsync(StaffAccountService accounts, string email, string role, TextWriter output)
    {
        var result = await accounts.AddAsync(Actor, email, role);
        output.WriteLine(result.Message);
        if (!result.Succeeded)
        {
            return 1;
        }

        output.WriteLine($"Password, shown once: {result.Password}");
        output.WriteLine($"Sign in with it at {StaffAccounts.SignInPath}: it opens only the page that asks for a password of your own, and stops working once you have chosen one.");
        return 0;
    }

    private static async Task<int> Report(Task<AccountResult> change, TextWriter output)
    {
        var result = await change;
        output.WriteLine(result.Message);
        return result.Succeeded ? 0 : 1;
    }
}
