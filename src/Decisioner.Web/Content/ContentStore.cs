using Decisioner.Core.Content;
using Microsoft.Extensions.Options;

namespace Decisioner.Web.Content;

/// <summary>Holds the content snapshot the site is serving.</summary>
public sealed partial class ContentStore
{
    private readonly ILogger<ContentStore> _logger;
    private readonly TimeProvider _clock;
    private ContentSnapshot _current;

    public ContentStore(IOptions<ContentOptions> options, IHostEnvironment environment, ILogger<ContentStore> logger, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        _logger = logger;
        _clock = clock;
        Root = ResolveRoot(options.Value.Root, environment.ContentRootPath);
        _current = Load();
    }

    /// <summary>The absolute path of the content folder.</summary>
    public string Root { get; }

    /// <summary>The snapshot being served. Readers take it once per request and keep using that object.</summary>
    public ContentSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Loads the folder again and serves the result.</summary>
    public ContentSnapshot Reload()
    {
        var snapshot = Load();
        Volatile.Write(ref _current, snapshot);
        return snapshot;
    }

    private ContentSnapshot Load()
    {
        if (!Directory.Exists(Root))
        {
            LogMissingRoot(Root);
        }

        var snapshot = ContentLoader.Load(Root, _clock);
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

        LogLoaded(snapshot.Guides.Count, Root);
        return snapshot;
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Content error, file not served: {Diagnostic}")]
    private partial void LogContentError(string diagnostic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Content warning: {Diagnostic}")]
    private partial void LogContentWarning(string diagnostic);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {GuideCount} guides from {Root}")]
    private partial void LogLoaded(int guideCount, string root);

    [LoggerMessage(Level = LogLevel.Error, Message = "The content folder {Root} does not exist; set Content:Root")]
    private partial void LogMissingRoot(string root);
}
