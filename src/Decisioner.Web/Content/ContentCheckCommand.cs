using Decisioner.Core.Checking;
using Decisioner.Core.Content;

namespace Decisioner.Web.Content;

/// <summary>
/// <c>dotnet run --project src/Decisioner.Web -- check [content folder]</c>: checks the content without
/// starting the web server, prints <c>path:line:col: error|warning: message</c> lines and a summary, and
/// exits 1 when there is an error (2 when the folder does not exist).
/// </summary>
public static class ContentCheckCommand
{
    public static bool IsCheck(string[] args) => args is ["check", ..];

    public static int Run(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var folder = args.Length > 1 ? args[1] : "content";
        var root = Find(folder, Directory.GetCurrentDirectory());
        if (root is null)
        {
            output.WriteLine($"{folder}: error: the content folder does not exist");
            return 2;
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
