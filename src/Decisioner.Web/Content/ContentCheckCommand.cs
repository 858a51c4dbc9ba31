using System.CommandLine;
using Decisioner.Core.Checking;
using Decisioner.Core.Content;

namespace Decisioner.Web.Content;

/// <summary>
/// <c>dotnet run --project src/Decisioner.Web -- check [folder]</c>: checks the content without starting the
/// web server, prints <c>path:line:col: error|warning: message</c> lines and a summary, and exits 1 when
/// there is an error (2 when the folder does not exist).
/// </summary>
public static class ContentCheckCommand
{
    /// <summary>The command; <paramref name="settings"/> are the site's, for <c>Content:Root</c> when no folder is named.</summary>
    public static Command Create(IConfiguration settings)
    {
        var folder = new Argument<string?>("folder")
        {
            Description = "The content folder, looked for in the working directory and then its parents. "
                + "Default: the Content:Root setting, else 'content'.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("check", "Check the content (guides, site data, quizzes) without starting the site. "
            + "Exits 1 when there is an error, 2 when the folder does not exist.")
        {
            folder,
        };
        command.SetAction(parse => Check(
            parse.GetValue(folder) ?? settings[$"{ContentOptions.Section}:{nameof(ContentOptions.Root)}"] ?? "content",
            parse.InvocationConfiguration.Output));
        return command;
    }

    /// <summary>Runs <c>check</c> as the command line would (<c>args</c> start with "check").</summary>
    public static int Run(string[] args, TextWriter output) => SiteCommands.Run(args, output, output);

    private static int Check(string folder, TextWriter output)
    {
        var root = Find(folder, Directory.GetCurrentDirectory());
        if (root is null)
        {
            output.WriteLine($"{folder}: error: the content folder does not exist");
            return SiteCommands.UsageError;
        }

        var report = ContentCheck.Run(ContentLoader.Load(root));
        ContentCheck.Write(report, output, folder);
        return report.ErrorCount > 0 ? 1 : 0;
    }

    /// <summary>
    /// A relative folder is looked for in the working directory, then in its parents: <c>dotnet run
    /// --project src/Decisioner.Web</c> runs in the project's folder, while editors name folders from
    /// the repository root.
    /// </summary>
    private static string? Find(string folder, string workingDirectory)
    {
        if (Path.IsPathRooted(folder))
        {
            return Directory.Exists(folder) ? folder : null;
        }

        for (var dir = new DirectoryInfo(workingDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, folder);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
