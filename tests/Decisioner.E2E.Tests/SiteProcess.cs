using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Decisioner.Tests;

namespace Decisioner.E2E.Tests;

/// <summary>
/// The site as its own process (the built Decisioner.Web.dll), so a test can kill it and start it
/// again on the same address, as a real restart would.
/// </summary>
public sealed class SiteProcess : IAsyncDisposable
{
    private readonly string _contentRoot;
    private readonly string[] _settings;
    private Process? _process;
    private readonly System.Text.StringBuilder _log = new();

    /// <param name="settings">Extra configuration, as <c>Key=Value</c> command-line settings.</param>
    public SiteProcess(string? contentRoot = null, params string[] settings)
    {
        _contentRoot = contentRoot ?? TestPaths.Content;
        _settings = settings;
        Port = FreePort();
    }


    public int Port { get; }

    /// <summary>Where this site's SQLite file lives; a fresh temporary folder unless set.</summary>
    public string DataFolder { get; init; } = Path.Combine(Path.GetTempPath(), "decisioner-tests", "data-" + Guid.NewGuid().ToString("N"));

    /// <summary>The site's DLL; by default the build output of src/Decisioner.Web.</summary>
    public string? Dll { get; init; }

    private static string WebProject => Path.Combine(TestPaths.RepoRoot, "src", "Decisioner.Web");

    private string DllPath => Dll ?? Path.Combine(WebProject, "bin", Configuration, "net10.0", "Decisioner.Web.dll");

    /// <summary>Where the process starts; by default the project folder, as <c>dotnet run</c> does.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>
    /// The warm-up before ready (WarmUp:Enabled): off unless a test is about it, so that a test's site is not
    /// busy requesting its own pages, nor using its own API allowance, while the test runs.
    /// </summary>
    public bool WarmUp { get; init; }

    /// <summary>Development serves the static assets from the build output without a publish step.</summary>
    public string EnvironmentName { get; init; } = "Development";

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async Task StartAsync()
    {
        var dll = DllPath;
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("Build the solution first: the site's DLL is missing", dll);
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = WorkingDirectory ?? WebProject,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseUrl);
        start.ArgumentList.Add("--Content:Root=" + _contentRoot);
        // Each process its own SQLite file: two sites on one file are refused, by design.
        start.ArgumentList.Add("--Database:DataFolder=" + DataFolder);
        start.ArgumentList.Add("--WarmUp:Enabled=" + (WarmUp ? "true" : "false"));
        foreach (var setting in _settings)
        {
            start.ArgumentList.Add("--" + setting);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = EnvironmentName;
        start.Environment["Logging__LogLevel__Default"] = "Warning";

        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start the site");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                // HasExited can turn true before the last lines it wrote have reached the handlers. WaitForExit()
                // without a timeout is documented to wait for that redirected output too (it has exited, so it is quick).
                _process.WaitForExit();
                throw new InvalidOperationException("the site exited at start:\n" + Log);
            }

            try
            {
                if ((await http.GetAsync(BaseUrl + "/")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("the site did not answer within 60 s:\n" + Log);
    }

    /// <summary>
    /// Runs one of the site's commands (<c>users add ...</c>, <c>migrate</c>) as an operator would, on this
    /// site's data folder; returns the exit code and what it printed.
    /// </summary>
    public async Task<(int ExitCode, string Output)> RunCommandAsync(params string[] args)
    {
        var dll = DllPath;
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = WorkingDirectory ?? WebProject, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("--Content:Root=" + _contentRoot);
        start.ArgumentList.Add("--Database:DataFolder=" + DataFolder);
        start.ArgumentList.Add("--WarmUp:Enabled=" + (WarmUp ? "true" : "false"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = EnvironmentName;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not run the command");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    /// <summary>Creates a staff account with the real command and returns the password it printed.</summary>
    public async Task<string> AddStaffAsync(string email, string role)
    {
        var (code, output) = await RunCommandAsync("users", "add", email, "--role", role);
        if (code != 0)
        {
            throw new InvalidOperationException("users add failed:\n" + output);
        }

        return System.Text.RegularExpressions.Regex.Match(output, "Password, shown once: (\\S+)").Groups[1].Value;
    }

    /// <summary>Kills the process outright, as a crash or a pulled plug would.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release"
            : "Debug";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
