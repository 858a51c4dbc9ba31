using System.Security.Cryptography;
using System.Text;
using Decisioner.Core.Content;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Decisioner.Web.Content;

/// <summary>
/// Holds the content snapshot the site is serving, and replaces it when editors change files under
/// the content folder. Readers take <see cref="Current"/> once per request and keep using that object.
/// </summary>
public sealed partial class ContentStore : IDisposable
{
    private readonly ILogger<ContentStore> _logger;
    private readonly TimeProvider _clock;
    private readonly ContentOptions _options;
    private readonly Lock _reloadLock = new();
    private ContentSnapshot _current;
    private PhysicalFileProvider? _files;
    private IDisposable? _watch;
    private Timer? _debounce;
    private Timer? _poll;
    private Timer? _recover;
    private string _fingerprint = "";

    public ContentStore(IOptions<ContentOptions> options, IHostEnvironment environment, ILogger<ContentStore> logger, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        _options = options.Value;
        _logger = logger;
        _clock = clock;
        Root = ResolveRoot(_options.Root, environment.ContentRootPath);
        _current = Load(previous: null);
        if (_options.Watch)
        {
            StartWatching();
        }
    }

    /// <summary>The absolute path of the content folder.</summary>
    public string Root { get; }

    /// <summary>The snapshot being served.</summary>
    public ContentSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Whether changes are picked up by polling rather than file-system events.</summary>
    public bool IsPolling => _poll is not null;

    /// <summary>Loads the folder again. Files with errors keep their last good version.</summary>
    public ContentSnapshot Reload()
    {
        lock (_reloadLock)
        {
            if (_files is not null && !IsListable(Root))
            {
                // File events may stop for good once the folder is gone or unreadable: look for its return.
                _recover ??= new Timer(_ => WatchAfresh(), null, _options.PollIntervalMs, _options.PollIntervalMs);
            }

            if (!Directory.Exists(Root))
            {
                // The whole folder is gone or unreachable (an unmounted volume, a checkout in progress): keep serving.
                LogMissingRoot(Root);
                return Current;
            }

            var snapshot = Load(previous: Current);
            Volatile.Write(ref _current, snapshot);
            return snapshot;
        }
    }

    public void Dispose()
    {
        _watch?.Dispose();
        _files?.Dispose();
        _debounce?.Dispose();
        _poll?.Dispose();
        _recover?.Dispose();
    }

    private ContentSnapshot Load(ContentSnapshot? previous)
    {
        if (!Directory.Exists(Root))
        {
            LogMissingRoot(Root);
        }

        var started = _clock.GetTimestamp();
        var snapshot = ContentLoader.Load(Root, _clock, previous);
        var elapsed = _clock.GetElapsedTime(started);
        foreach (var diagnostic in snapshot.Diagnostics)
        {
            if (diagnostic.IsError)
            {
                LogContentError(diagnostic.ToString());
            }
            else
            {
                LogContentWarning(diagnostic.ToString());
            }
        }

        LogLoaded(snapshot.Guides.Count, snapshot.Questionnaires.Count, Root, (long)elapsed.TotalMilliseconds);
        return snapshot;
    }

    private void StartWatching()
    {
        _debounce = new Timer(_ => ReloadSafely(), null, Timeout.Infinite, Timeout.Infinite);
        var polling = _options.UsePolling
            || string.Equals(Environment.GetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER"), "true", StringComparison.OrdinalIgnoreCase)
            || Environment.GetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER") == "1";

        if (!polling)
        {
            try
            {
                WatchEvents();
                return;
            }
            catch (Exception ex) when (ex is ArgumentException or IOException or PlatformNotSupportedException or UnauthorizedAccessException)
            {
                LogWatcherError(ex.Message + "; polling instead");
            }
        }

        // Mounts that send no file events are polled here rather than by the provider's own polling
        // (UsePollingFileWatcher), which looks every 4 s, fixed: an edit must show within a second
        // (docs/performance.md), so this polls every Content:PollIntervalMs (500 ms by default).
        _fingerprint = Fingerprint();
        var interval = TimeSpan.FromMilliseconds(_options.PollIntervalMs);
        _poll = new Timer(_ => Poll(), null, interval, interval);
    }

    /// <summary>
    /// File-system events through the framework's provider, over the whole folder: editors save by writing
    /// a temp file and renaming it, and any file can change what is served.
    /// </summary>
    private void WatchEvents()
    {
        var files = new PhysicalFileProvider(Root);
        try
        {
            var watch = ChangeToken.OnChange(() => files.Watch("**/*"), Schedule);
            (_files, _watch) = (files, watch);
        }
        catch
        {
            files.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Once a folder that was gone or unreadable is back, watches it with a new provider and reads it again.
    /// A non-root site loses its file events in that time (seen when content/ was moved away and back, or
    /// had its read permission taken): without this, no later edit would show until a restart.
    /// </summary>
    private void WatchAfresh()
    {
        lock (_reloadLock)
        {
            if (_recover is null || !IsListable(Root))
            {
                return;
            }

            try
            {
                var (oldWatch, oldFiles) = (_watch, _files);
                WatchEvents();
                oldWatch?.Dispose();
                oldFiles?.Dispose();
            }
            catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException)
            {
                LogWatcherError(ex.Message + "; trying again");
                return;
            }

            _recover.Dispose();
            _recover = null;
        }

        Schedule();
    }

    private static bool IsListable(string folder)
    {
        try
        {
            using var entries = Directory.EnumerateFileSystemEntries(folder).GetEnumerator();
            entries.MoveNext();
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // Several events arrive for one save: wait until they stop, then reload once.
    private void Schedule() => _debounce?.Change(_options.DebounceMs, Timeout.Infinite);

    private void Poll()
    {
        var fingerprint = Fingerprint();
        if (fingerprint != _fingerprint)
        {
            _fingerprint = fingerprint;
            Schedule();
        }
    }

    private void ReloadSafely()
    {
        try
        {
            Reload();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The loader reports file problems itself; this is a bug, and the old content stays served.
            LogReloadFailed(ex);
        }
    }

    /// <summary>Names, sizes and write times of every file: changes when any file is added, removed or saved.</summary>
    private string Fingerprint()
    {
        try
        {
            var text = new StringBuilder();
            foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var info = new FileInfo(file);
                text.Append(file).Append('|').Append(info.Length).Append('|').Append(info.LastWriteTimeUtc.Ticks).Append('\n');
            }
            return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "unreadable: " + ex.Message;
        }
    }

    internal static string ResolveRoot(string? configured, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured, contentRoot);
        }

        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "content");
            if (File.Exists(Path.Combine(candidate, SiteDataLoader.FileName)))
            {
                return candidate;
            }
        }

        return Path.Combine(contentRoot, "content");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Content error: {Diagnostic}")]
    private partial void LogContentError(string diagnostic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Content warning: {Diagnostic}")]
    private partial void LogContentWarning(string diagnostic);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {GuideCount} guides and {QuestionnaireCount} questionnaires from {Root} in {Milliseconds} ms")]
    private partial void LogLoaded(int guideCount, int questionnaireCount, string root, long milliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "The content folder {Root} does not exist; set Content:Root")]
    private partial void LogMissingRoot(string root);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching the content folder: {Problem}")]
    private partial void LogWatcherError(string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reloading content failed; the previous content stays served")]
    private partial void LogReloadFailed(Exception exception);
}
