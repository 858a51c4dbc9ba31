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
            Skip = Chromium.MissingReason;
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
            Skip = Chromium.MissingReason;
        }
    }
}

/// <summary>
/// A browser test that runs only when its own script or command asks for it, by setting an environment
/// variable (a measurement, a load run, a demo): it takes minutes or most of the machine.
/// </summary>
public abstract class OnRequestFactAttribute : FactAttribute
{
    /// <param name="variable">The variable the script sets.</param>
    /// <param name="value">The value that turns the test on, or null for any value at all.</param>
    /// <param name="howToRun">The skip reason otherwise: how to run it.</param>
    protected OnRequestFactAttribute(string variable, string? value, string howToRun)
    {
        var set = Environment.GetEnvironmentVariable(variable);
        if (value is null ? string.IsNullOrEmpty(set) : set != value)
        {
            Skip = howToRun;
        }
        else if (!Chromium.IsInstalled)
        {
            Skip = Chromium.MissingReason;
        }
    }
}

/// <summary>
/// How many quizzes the on-request load and memory runs open at once: 50, or DECISIONER_QUIZZES (the
/// scripts' short modes, run by CI, open a handful so that a broken script fails quickly).
/// </summary>
internal static class OnRequestQuizzes
{
    public static int Count { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("DECISIONER_QUIZZES"), out var count) && count > 0 ? count : 50;
}

internal static class Chromium
{
    public static string ExecutablePath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";

    public static bool IsInstalled => File.Exists(ExecutablePath);

    public static string MissingReason => $"Chromium not found at {ExecutablePath}: install it with 'apt-get install -y chromium'";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The flags this machine needs: no sandbox as root, and no calls home on a closed network.</summary>
    public static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];
}
