using System.IO.Enumeration;
using Decisioner.Core.Questionnaires;

namespace Decisioner.Core.Content;

/// <summary>
/// Loads the content folder into a <see cref="ContentSnapshot"/>. A file that cannot be read or has
/// errors is reported with its line and never replaces what was served: given the previous snapshot,
/// its last good version stays; a file that never loaded is simply absent. Every other file is served.
/// </summary>
public static class ContentLoader
{
    public const string GuidesFolder = "guides";

    public static ContentSnapshot Load(string root, TimeProvider? clock = null, ContentSnapshot? previous = null) =>
        Load(root, clock, previous, drafts: null);

    /// <summary>
    /// Loads the folder as it would be with <paramref name="drafts"/> in place: each key is a path relative to
    /// the root (forward slashes) whose text is used instead of the file's, or added when there is no such file.
    /// Nothing is written. This is how an editor's draft is previewed and checked with the rest of the content.
    /// </summary>
    public static ContentSnapshot Load(string root, TimeProvider? clock, ContentSnapshot? previous, IReadOnlyDictionary<string, string>? drafts)
    {
        ArgumentNullException.ThrowIfNull(root);
        var run = new Run(root, (clock ?? TimeProvider.System).GetUtcNow(), previous, drafts ?? new Dictionary<string, string>());

        var site = run.LoadSite();
        var guides = run.LoadGuides();
        var questionnaires = run.LoadQuestionnaires();
        var personas = run.LoadPersonas(questionnaires);
        var resultEmail = run.LoadResultEmail();

        ContentValidator.CheckReferences(root, site, guides, questionnaires, run.Files, DateOnly.FromDateTime(run.Now.UtcDateTime));
        return new ContentSnapshot(root, site, guides, questionnaires, personas, run.Files, run.Now, resultEmail);
    }

    /// <summary>The path of <paramref name="fullPath"/> relative to <paramref name="root"/>, with forward slashes.</summary>
    public static string Relative(string root, string fullPath) =>
        Path.GetRelativePath(root, fullPath).Replace('\\', '/');

    /// <summary>One load: the folder, the moment, and what was served before it.</summary>
    private sealed class Run(string root, DateTimeOffset now, ContentSnapshot? previous, IReadOnlyDictionary<string, string> drafts)
    {
        public DateTimeOffset Now { get; } = now;

        public List<ContentFileStatus> Files { get; } = [];

        // Relative path -> hash of the text read at this load.
        private readonly Dictionary<string, string> _hashes = new(StringComparer.Ordinal);

        public SiteData LoadSite()
        {
            var diagnostics = new DiagnosticList(SiteDataLoader.FileName);
            var text = Read(Path.Combine(root, SiteDataLoader.FileName), diagnostics);
            var site = text is null ? null : Guarded(diagnostics, () => SiteDataLoader.Load(text, diagnostics));
            var previousSite = previous?.Files.Any(f => f.Path == SiteDataLoader.FileName && f.Serving != FileServing.NotServed) == true
                ? previous.Site
                : null;
            return Keep(diagnostics, site, previousSite) ?? SiteData.Fallback;
        }

        /// <summary>The message sent with a result (emails/result.md). Optional: a site without it cannot send results.</summary>
        public EmailTemplate? LoadResultEmail()
        {
            var path = Path.Combine(root, EmailTemplate.ResultFile);
            if (!File.Exists(path) && !drafts.ContainsKey(EmailTemplate.ResultFile))
            {
                return null;
            }

            var diagnostics = new DiagnosticList(EmailTemplate.ResultFile);
            var text = Read(path, diagnostics);
            var template = text is null ? null : Guarded(diagnostics, () => EmailTemplate.Load(diagnostics.File, text, diagnostics));
            return Keep(diagnostics, template, previous?.ResultEmail);
        }

        public List<Guide> LoadGuides() =>
            LoadUnique(GuidesFolder, "*.md", GuideLoader.Load, g => g.Slug, g => g.SourcePath, "slug", previous?.Guides);

        public List<Questionnaire> LoadQuestionnaires() =>
            LoadUnique(QuestionnaireLoader.Folder, "*.y*ml", QuestionnaireLoader.Load, q => q.Id, q => q.SourcePath, "questionnaire id", previous?.Questionnaires);

        public List<PersonaSet> LoadPersonas(List<Questionnaire> questionnaires)
        {
            var sets = new List<PersonaSet>();
            foreach (var (diagnostics, text) in ReadFolder(PersonaLoader.Folder, "*.y*ml"))
            {
                var set = text is null
                    ? null
                    : Guarded(diagnostics, () => PersonaLoader.Load(diagnostics.File, text, id => questionnaires.Find(q => q.Id == id), diagnostics));
                // Personas are checked, not served: the ones without mistakes count even when others have them.
                if (Keep(diagnostics, set, previous?.PersonaSets.FirstOrDefault(p => p.SourcePath == diagnostics.File), acceptWithErrors: true) is { } kept)
                {
                    sets.Add(kept);
                }
            }

            return sets;
        }

        /// <summary>
        /// Loads a folder of items whose keys must differ (a guide's slug, a questionnaire's id): a file
        /// whose key another file already has is reported and not served.
        /// </summary>
        private List<T> LoadUnique<T>(
            string folder,
            string pattern,
            Func<string, string, DiagnosticList, T?> load,
            Func<T, string> key,
            Func<T, string> sourcePath,
            string keyName,
            IEnumerable<T>? served)
            where T : class
        {
            var items = new List<T>();
            foreach (var (diagnostics, text) in ReadFolder(folder, pattern))
            {
                var item = text is null ? null : Guarded(diagnostics, () => load(diagnostics.File, text, diagnostics));
                if (item is not null && items.Find(i => key(i) == key(item)) is { } first)
                {
                    diagnostics.Error(1, 1, $"{keyName} '{key(item)}' is already used by {sourcePath(first)}; this file is not served");
                    item = null;
                }

                var kept = Keep(diagnostics, item, served?.FirstOrDefault(i => sourcePath(i) == diagnostics.File));
                if (kept is not null && !items.Exists(i => key(i) == key(kept)))
                {
                    items.Add(kept);
                }
            }

            return items;
        }

        /// <summary>Serves what loaded; failing that, the last good version; failing that, nothing.</summary>
        private T? Keep<T>(DiagnosticList diagnostics, T? loaded, T? lastGood, bool acceptWithErrors = false)
            where T : class
        {
            if (loaded is not null && (acceptWithErrors || !diagnostics.HasErrors))
            {
                Files.Add(new ContentFileStatus(diagnostics.File, diagnostics.Items, FileServing.Current, Now, _hashes.GetValueOrDefault(diagnostics.File)));
                return loaded;
            }

            if (lastGood is not null)
            {
                var served = previous?.Files.FirstOrDefault(f => f.Path == diagnostics.File);
                Files.Add(new ContentFileStatus(diagnostics.File, diagnostics.Items, FileServing.LastGood, served?.ServedSince ?? Now, served?.Hash));
                return lastGood;
            }

            Files.Add(new ContentFileStatus(diagnostics.File, diagnostics.Items, FileServing.NotServed));
            return null;
        }

        /// <summary>
        /// Reads the files of a folder in a stable order. A folder that cannot be listed is reported, and
        /// every file it had before is kept as it was.
        /// </summary>
        private IEnumerable<(DiagnosticList Diagnostics, string? Text)> ReadFolder(string folder, string pattern)
        {
            var path = Path.Combine(root, folder);
            List<string> paths;
            try
            {
                // Listing the root proves it can be read: only then does a missing folder mean "removed".
                var exists = Directory.EnumerateDirectories(root).Any(d => Path.GetFileName(d) == folder);
                var onDisk = exists
                    ? Directory.EnumerateFiles(path, pattern, SearchOption.AllDirectories).Where(p => !Path.GetFileName(p).StartsWith('.'))
                    : [];
                // A draft of a file that does not exist yet (a new guide) joins its folder.
                var added = drafts.Keys
                    .Where(d => d.StartsWith(folder + "/", StringComparison.Ordinal) && FileSystemName.MatchesSimpleExpression(pattern, Path.GetFileName(d)))
                    .Select(d => Path.Combine(root, d));
                paths = [.. onDisk.Union(added).Order(StringComparer.Ordinal)];
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Keep what was served: the same files, read again, fail to read and so keep their last good version.
                var diagnostics = new DiagnosticList(folder + "/");
                diagnostics.Error(1, 1, "cannot list the folder: " + ex.Message);
                Files.Add(new ContentFileStatus(diagnostics.File, diagnostics.Items, FileServing.NotServed));
                paths = [.. (previous?.Files ?? []).Where(f => f.Path.StartsWith(folder + "/", StringComparison.Ordinal) && f.Serving != FileServing.NotServed)
                    .Select(f => Path.Combine(root, f.Path))];
            }

            foreach (var file in paths)
            {
                var diagnostics = new DiagnosticList(Relative(root, file));
                yield return (diagnostics, Read(file, diagnostics));
            }
        }

        private string? Read(string path, DiagnosticList diagnostics)
        {
            var text = drafts.TryGetValue(diagnostics.File, out var draft) ? draft : ReadFile(path, diagnostics);
            if (text is not null)
            {
                _hashes[diagnostics.File] = TextHash.Of(text);
            }

            return text;
        }
    }

    private static T? Guarded<T>(DiagnosticList diagnostics, Func<T?> load)
        where T : class
    {
        try
        {
            return load();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A loader bug must cost one file, never the site: report it like any other problem.
            diagnostics.Error(1, 1, "this file could not be read: " + ex.Message);
            return null;
        }
    }

    /// <summary>Reads a file, retrying briefly when an editor is in the middle of writing it.</summary>
    internal static string? ReadFile(string path, DiagnosticList diagnostics)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                diagnostics.Error(1, 1, "file not found");
                return null;
            }
            catch (IOException) when (attempt < 3)
            {
                Thread.Sleep(50 * attempt);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                diagnostics.Error(1, 1, "cannot read the file: " + ex.Message);
                return null;
            }
        }
    }
}
