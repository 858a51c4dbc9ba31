namespace Decisioner.E2E.Tests;

/// <summary>
/// A test that needs Debian's Chromium. Without it the test is skipped and says how to install it,
/// except under CI=true, where a missing browser must fail the run rather than hide it.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!Chromium.IsInstalled && !Chromium.IsCi)
        {
            Skip = $"Chromium not found at {Chromium.ExecutablePath}: install it with 'apt-get install -y chromium'";
        }
    }
}

/// <summary>The theory form of <see cref="BrowserFactAttribute"/>.</summary>
public sealed class BrowserTheoryAttribute : TheoryAttribute
{
    public BrowserTheoryAttribute()
    {
        if (!Chromium.IsInstalled && !Chromium.IsCi)
        {
            Skip = $"Chromium not found at {Chromium.ExecutablePath}: install it with 'apt-get install -y chromium'";
        }
    }
}

internal static class Chromium
{
    public static string ExecutablePath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";

    public static bool IsInstalled => File.Exists(ExecutablePath);

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The flags this machine needs: no sandbox as root, and no calls home on a closed network.</summary>
    public static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];
}
