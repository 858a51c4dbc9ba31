using System.Diagnostics;

namespace Decisioner.Tests;

/// <summary>The git command line, for tests whose content folder is a repository: runs it, fails on a non-zero exit, returns what it printed.</summary>
internal static class TestGit
{
    public static string Run(string folder, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEnd();
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        if (git.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {error}");
        }
        return output;
    }
}
