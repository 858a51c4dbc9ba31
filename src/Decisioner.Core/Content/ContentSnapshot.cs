using System.Text;
using Decisioner.Core.Questionnaires;

namespace Decisioner.Core.Content;

/// <summary>Which version of a file the site is serving.</summary>
public enum FileServing
{
    /// <summary>The file as it is on disk now.</summary>
    Current,

    /// <summary>The file on disk has errors; the last version that loaded is served instead.</summary>
    LastGood,

    /// <summary>The file has errors and never loaded, so nothing of it is served.</summary>
    NotServed,
}

/// <summary>How one content file fared at the last load.</summary>
/// <param name="ServedSince">When the version being served was read (null when nothing is served).</param>
/// <param name="Hash">A hash of the text being served (null when nothing is served).</param>
public sealed record ContentFileStatus(
    string Path,
    IReadOnlyList<ContentDiagnostic> Diagnostics,
    FileServing Serving = FileServing.Current,
    DateTimeOffset? ServedSince = null,
    string? Hash = null)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    public bool HasWarnings => Diagnostics.Any(d => !d.IsError);
}

/// <summary>
/// Everything the site serves, loaded from the content folder at one moment and never changed after:
/// readers of a snapshot need no locks, and a new load simply replaces the whole object.
/// </summary>
public sealed class ContentSnapshot
{
    private readonly Dictionary<string, Guide> _guidesBySlug;
    private readonly RecentChange[] _changes;

    public ContentSnapshot(
        string root,
        SiteData site,
        IEnumerable<Guide> guides,
        IEnumerable<Questionnaire> questionnaires,
        IEnumerable<PersonaSet> personas,
        IReadOnlyList<ContentFileStatus> files,
        DateTimeOffset loadedAt,
        EmailTemplate? resultEmail = null)
    {
        ResultEmail = resultEmail;
        Questionnaires = [.. questionnaires];
        PersonaSets = [.. personas];
        Root = root;
        Site = site;
        Guides = [.. guides.OrderBy(g => g.Order).ThenBy(g => g.Title, StringComparer.OrdinalIgnoreCase)];
        _guidesBySlug = Guides.ToDictionary(g => g.Slug, StringComparer.Ordinal);
        // Newest first; one day's changes in the guides' reading order, then each guide's own order.
        _changes = [.. Guides.SelectMany(g => g.Changes.Select(c => new RecentChange(g, c))).OrderByDescending(c => c.Change.Date)];
        Files = files;
        LoadedAt = loadedAt;
        Version = VersionOf(files);
    }

    public string Root { get; }

    public SiteData Site { get; }

    /// <summary>The guides that loaded, in reading order.</summary>
    public IReadOnlyList<Guide> Guides { get; }

    public IReadOnlyList<Questionnaire> Questionnaires { get; }

    public IReadOnlyList<PersonaSet> PersonaSets { get; }

    /// <summary>The message sent to a prospect with their result (<c>emails/result.md</c>), or null when the folder has none.</summary>
    public EmailTemplate? ResultEmail { get; }

    public IReadOnlyList<ContentFileStatus> Files { get; }

    public IEnumerable<ContentDiagnostic> Diagnostics => Files.SelectMany(f => f.Diagnostics);

    public DateTimeOffset LoadedAt { get; }

    /// <summary>
    /// Names exactly the text being served: it changes when a served file changes and only then, and is
    /// the same after a restart. Pages use it for cache keys and ETags.
    /// </summary>
    public string Version { get; }

    /// <summary>Looks a slug up in the in-memory index: no file path is ever built from it.</summary>
    public Guide? FindGuide(string? slug) =>
        slug is not null && _guidesBySlug.TryGetValue(slug, out var guide) ? guide : null;

    /// <summary>Looks a questionnaire up by id; like slugs, ids never become file paths.</summary>
    public Questionnaire? FindQuestionnaire(string? id) =>
        id is null ? null : Questionnaires.FirstOrDefault(q => q.Id == id);

    public IEnumerable<Persona> PersonasFor(string questionnaireId) =>
        PersonaSets.Where(p => p.QuestionnaireId == questionnaireId).SelectMany(p => p.Personas);

    /// <summary>
    /// The <paramref name="count"/> most recent changes across all guides, newest first: what the home page
    /// and the guides index list as "Recently updated".
    /// </summary>
    public IReadOnlyList<RecentChange> RecentChanges(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return _changes[..Math.Min(count, _changes.Length)];
    }

    public IEnumerable<Guide> RelatedTo(Guide guide) =>
        guide.Related.Select(FindGuide).OfType<Guide>().Where(g => g.Slug != guide.Slug);

    private static string VersionOf(IReadOnlyList<ContentFileStatus> files)
    {
        var text = new StringBuilder();
        foreach (var file in files.Where(f => f.Hash is not null).OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            text.Append(file.Path).Append(':').Append(file.Hash).Append('\n');
        }

        return TextHash.Of(text.ToString());
    }
}
