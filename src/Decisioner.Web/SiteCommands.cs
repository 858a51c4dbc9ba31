using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Decisioner.Web.Content;
using Decisioner.Web.Staff;

namespace Decisioner.Web;

/// <summary>
/// The site's command line (System.CommandLine). A first word of <c>check</c>, <c>users</c> or <c>migrate</c>
/// (or <c>--help</c>), before or after any host settings, is a command that runs and exits without serving; anything else, no arguments
/// included, starts the web server with the host's own arguments (<c>--urls</c>, <c>--environment</c>,
/// <c>--Content:Root=...</c>). Such host settings may come along with a command too: they are left to the
/// host, and the parser sees only the command's own words.
/// Exit codes: 0 done, 1 refused or failed (the message says why), 2 not understood (the error names the
/// argument, and the command's help follows).
/// </summary>
public static class SiteCommands
{
    public const int UsageError = 2;

    private static readonly string[] FirstWords = ["check", "users", "migrate", "--help", "-h", "-?"];

    /// <summary>The host's own command-line keys. A key with a ':' names a setting (<c>--Database:Provider</c>), and is the host's too.</summary>
    private static readonly string[] HostKeys = ["urls", "environment", "contentRoot", "applicationName", "webroot"];

    /// <summary>Whether the first word after any host settings names a command (<c>--contentRoot X users list</c> is one).</summary>
    public static bool IsCommand(string[] args) => Split(args).Words is [var first, ..] && FirstWords.Contains(first, StringComparer.Ordinal);

    /// <summary>
    /// Whether the command, as written, will work on the database. It then runs once the host is built and its
    /// settings checked; help, usage errors and <c>check</c> run before, and need no database.
    /// </summary>
    public static bool NeedsDatabase(string[] args) =>
        Split(args).Words is ["users" or "migrate", ..] && Parse(args, services: null) is { Errors.Count: 0, Action: not HelpAction };

    public static int Run(string[] args, TextWriter output, TextWriter error) =>
        RunAsync(args, services: null, output, error).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(string[] args, IServiceProvider? services, TextWriter output, TextWriter error)
    {
        var result = Parse(args, services);
        var exitCode = await result.InvokeAsync(new InvocationConfiguration
        {
            Output = output,
            Error = error,
            // An unexpected failure (a database that cannot be reached) ends the program as it would the site.
            EnableDefaultExceptionHandler = false,
        });

        // System.CommandLine answers a parse error with 1; the README promises 2 for "not understood".
        return result.Action is ParseErrorAction ? UsageError : exitCode;
    }

    private static ParseResult Parse(string[] args, IServiceProvider? services)
    {
        var (words, hostArgs) = Split(args);
        // What the site would read: environment variables, then settings given on the command line.
        var settings = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine([.. hostArgs]).Build();
        var root = new RootCommand(
            "Decisioner: comparison guides and the RAG-or-fine-tuning quiz. Without a command it serves the site; host "
            + "settings such as --urls http://localhost:5127, --environment Production or --Content:Root=/path may be "
            + "given with or without a command. Exit codes: 0 done, 1 refused or failed (the message says why), 2 not understood.")
        {
            ContentCheckCommand.Create(settings),
            StaffCommands.Users(services),
            StaffCommands.Migrate(services),
        };
        return root.Parse(words, new ParserConfiguration { ResponseFileTokenReplacer = null });
    }

    /// <summary>Splits the host's settings (<c>--key=value</c> or <c>--key value</c>) from the command's own words.</summary>
    private static (List<string> Words, List<string> HostArgs) Split(string[] args)
    {
        List<string> words = [], hostArgs = [];
        for (var i = 0; i < args.Length; i++)
        {
            if (!IsHostSetting(args[i]))
            {
                words.Add(args[i]);
                continue;
            }

            hostArgs.Add(args[i]);
            if (!args[i].Contains('=', StringComparison.Ordinal) && i + 1 < args.Length && !args[i + 1].StartsWith('-'))
            {
                hostArgs.Add(args[++i]);
            }
        }

        return (words, hostArgs);
    }

    private static bool IsHostSetting(string arg)
    {
        if (!arg.StartsWith("--", StringComparison.Ordinal))
        {
            return false;
        }

        var key = arg[2..].Split('=', 2)[0];
        return key.Contains(':', StringComparison.Ordinal) || HostKeys.Contains(key, StringComparer.OrdinalIgnoreCase);
    }
}
