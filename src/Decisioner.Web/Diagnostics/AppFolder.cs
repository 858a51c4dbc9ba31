namespace Decisioner.Web.Diagnostics;

/// <summary>
/// Where the site's own files are. A published site started from another directory (as service units
/// often do) would take that directory as its content root, find no <c>wwwroot</c> there, and answer
/// every stylesheet and script with an empty 200. This picks the application's own folder instead.
/// </summary>
public static class AppFolder
{
    /// <summary>
    /// The content root to use, or null to let the host decide: when one is given (<c>--contentRoot</c>,
    /// <c>ASPNETCORE_CONTENTROOT</c>), or when the working directory holds the site (<c>dotnet run</c>, tests).
    /// </summary>
    public static string? ContentRoot(string[] args, string workingDirectory, string appDirectory)
    {
        ArgumentNullException.ThrowIfNull(args);
        var given = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));
        if (given || Directory.Exists(Path.Combine(workingDirectory, "wwwroot")))
        {
            return null;
        }

        return Directory.Exists(Path.Combine(appDirectory, "wwwroot")) ? appDirectory : null;
    }
}
