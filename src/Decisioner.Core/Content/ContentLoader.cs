using Decisioner.Core.Questionnaires;

namespace Decisioner.Core.Content;

/// <summary>
/// Loads the content folder into a <see cref="ContentSnapshot"/>. A file that cannot be read or has
/// errors is left out and reported with its line; every other file is still served.
/// </summary>
public static class ContentLoader
{
    public const string GuidesFolder = "guides";

    public static ContentSnapshot Load(string root, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        var files = new List<ContentFileStatus>();

        var site = LoadSite(root, files);
        var guides = LoadGuides(root, files);
        var questionnaires = LoadQuestionnaires(root, files);
        var personas = LoadPersonas(root, questionnaires, files);

        CheckGuideReferences(guides, files);
        CheckQuestionnaireReferences(questionnaires, guides, site, files);
        return new ContentSnapshot(root, site, guides, questionnaires, personas, files, now);
    }

    /// <summary>The path of <paramref name="fullPath"/> relative to <paramref name="root"/>, with forward slashes.</summary>
    public static string Relative(string root, string fullPath) =>
        Path.GetRelativePath(root, fullPath).Replace('\\', '/');

    private static SiteData LoadSite(string root, List<ContentFileStatus> files)
    {
        var diagnostics = new DiagnosticList(SiteDataLoader.FileName);
        var text = ReadFile(Path.Combine(root, SiteDataLoader.FileName), diagnostics);
        var site = text is null ? null : SiteDataLoader.Load(text, diagnostics);
        files.Add(new ContentFileStatus(diagnostics.File, diagnostics.Items));
        return site ?? SiteData.Fallback;
    }

    private static List<Guide> LoadGuides(string root, List<ContentFileStatus> files)
    {
        var guides = new List<Guide>();
        var folder = Path.Combine(root, GuidesFolder);
        if (!Directory.Exists(folder))
        {
            return guides;
        }

        var paths = Directory.EnumerateFiles(folder, "*.md", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var diagnostics = new DiagnosticList(Relative(root, path));
            var text = ReadFile(path, diagnostics);
            var guide = text is null ? null : LoadGuide(diagnostics, text);
            if (guide is not null && guides.Find(g => g.Slug == guide.Slug) is { } first)
            {
                diagnostics.Error(1, 1, $"slug '{guide.Slug}' is already used by {first.SourcePath}; this file is not served");
                guide = null;
            }

            if (guide is not null)
            {
                guides.Add(guide);
            }

            files.Add(new ContentFileStatus(diagnostics.File, diagnostics.Items));
        }

        return guides;
    }

    private static List<Questionnaire> LoadQuestionnaires(string root, List<ContentFileStatus> files)
    {
        var questionnaires = new List<Questionnaire>();
        foreach (var (diagnostics, text) in ReadFolder(root, QuestionnaireLoader.Folder, files))
        {
            var questionnaire = Guarded(diagnostics, () => QuestionnaireLoader.Load(diagnostics.File, text, diagnostics));
            if (questionnaire is not null && questionnaires.Find(q => q.Id == questionnaire.Id) is { } first)
            {
                diagnostics.Error(1, 1, $"questionnaire id '{questionnaire.Id}' is already used by {first.SourcePath}; this file is not served");
                questionnaire = null;
            }

            if (questionnaire is not null)
            {
                questionnaires.Add(questionnaire);
            }
        }

        return questionnaires;
    }

    private static List<PersonaSet> LoadPersonas(string root, List<Questionnaire> questionnaires, List<ContentFileStatus> files)
    {
        var sets = new List<PersonaSet>();
        foreach (var (diagnostics, text) in ReadFolder(root, PersonaLoader.Folder, files))
        {
            var set = Guarded(diagnostics, () => PersonaLoader.Load(diagnostics.File, text, id => questionnaires.Find(q => q.Id == id), diagnostics));
            if (set is not null)
            {
                sets.Add(set);
            }
        }

        return sets;
    }

    /// <summary>Reads every YAML file of a folder; each yields its diagnostics, which end up in <paramref name="files"/>.</summary>
    private static IEnumerable<(DiagnosticList Diagnostics, string Text)> ReadFolder(string root, string folder, List<ContentFileStatus> files)
    {
        var path = Path.Combine(root, folder);
        if (!Directory.Exists(path))
        {
            yield break;
        }

        var paths = Directory.EnumerateFiles(path, "*.*", SearchOption.AllDirectories)
            .Where(p => p.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var file in paths)
        {
            var diagnostics = new DiagnosticList(Relative(root, file));
            var text = ReadFile(file, diagnostics);
            if (text is not null)
            {
                yield return (diagnostics, text);
            }

            files.Add(new ContentFileStatus(diagnostics.File, diagnostics.Items));
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
            // A loader bug must cost one file, never the site.
            diagnostics.Error(1, 1, "this file could not be read: " + ex.Message);
            return null;
        }
    }

    /// <summary>Checks that a questionnaire's learn-more links and courses lead somewhere.</summary>
    private static void CheckQuestionnaireReferences(List<Questionnaire> questionnaires, List<Guide> guides, SiteData site, List<ContentFileStatus> files)
    {
        foreach (var questionnaire in questionnaires)
        {
            var extra = new DiagnosticList(questionnaire.SourcePath);
            foreach (var question in questionnaire.Questions.Where(q => q.LearnMore is not null))
            {
                var (path, anchor) = SplitAnchor(question.LearnMore!);
                var guide = path.StartsWith("/guides/", StringComparison.Ordinal)
                    ? guides.Find(g => g.Path == path)
                    : null;
                if (path.StartsWith("/guides/", StringComparison.Ordinal) && guide is null)
                {
                    extra.Warning(question.Line, 1, $"question '{question.Id}': learn-more '{question.LearnMore}' names no guide");
                }
                else if (guide is not null && anchor is not null && !guide.HeadingIds.Contains(anchor))
                {
                    extra.Warning(question.Line, 1, $"question '{question.Id}': learn-more '{question.LearnMore}': {guide.SourcePath} has no heading with id '{anchor}'");
                }
            }

            var courses = questionnaire.Questions.SelectMany(q => q.Options).Select(o => o.Course)
                .Concat(questionnaire.OutcomeTexts.Values.Select(o => o.Course))
                .OfType<string>().Distinct();
            foreach (var course in courses.Where(c => site.FindCourse(c) is null))
            {
                extra.Warning(1, 1, $"course '{course}' is not in {SiteDataLoader.FileName}");
            }

            var index = files.FindIndex(f => f.Path == questionnaire.SourcePath);
            if (extra.Items.Count > 0 && index >= 0)
            {
                files[index] = files[index] with { Diagnostics = [.. files[index].Diagnostics, .. extra.Items] };
            }
        }
    }

    private static Guide? LoadGuide(DiagnosticList diagnostics, string text)
    {
        try
        {
            return GuideLoader.Load(diagnostics.File, text, diagnostics);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A parser bug must cost one file, never the site: report it like any other problem.
            diagnostics.Error(1, 1, "this file could not be read as a guide: " + ex.Message);
            return null;
        }
    }

    /// <summary>Checks what only the whole set can tell: related slugs and links to other guides.</summary>
    private static void CheckGuideReferences(List<Guide> guides, List<ContentFileStatus> files)
    {
        var slugs = guides.ToDictionary(g => g.Slug, StringComparer.Ordinal);
        for (var i = 0; i < files.Count; i++)
        {
            var guide = guides.Find(g => g.SourcePath == files[i].Path);
            if (guide is null)
            {
                continue;
            }

            var extra = new DiagnosticList(files[i].Path);
            foreach (var related in guide.Related.Where(r => !slugs.ContainsKey(r)))
            {
                extra.Warning(1, 1, $"related guide '{related}' does not exist");
            }

            foreach (var link in guide.Links.Where(l => !l.IsImage && l.Url.StartsWith('/')))
            {
                var (path, anchor) = SplitAnchor(link.Url);
                if (!path.StartsWith("/guides/", StringComparison.Ordinal))
                {
                    continue;
                }

                if (!slugs.TryGetValue(path["/guides/".Length..], out var target))
                {
                    extra.Warning(link.Line, link.Column, $"link to '{path}': no guide has that slug");
                }
                else if (anchor is not null && !target.HeadingIds.Contains(anchor))
                {
                    extra.Warning(link.Line, link.Column, $"link to '{link.Url}': {target.SourcePath} has no heading with id '{anchor}'");
                }
            }

            foreach (var link in guide.Links.Where(l => l.Url.StartsWith('#')))
            {
                if (!guide.HeadingIds.Contains(link.Url[1..]))
                {
                    extra.Warning(link.Line, link.Column, $"link to '{link.Url}': no heading on this page has that id");
                }
            }

            if (extra.Items.Count > 0)
            {
                files[i] = files[i] with { Diagnostics = [.. files[i].Diagnostics, .. extra.Items] };
            }
        }
    }

    private static (string Path, string? Anchor) SplitAnchor(string url)
    {
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? (url, null) : (url[..hash], url[(hash + 1)..]);
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
            catch (FileNotFoundException)
            {
                diagnostics.Error(1, 1, "file not found");
                return null;
            }
            catch (DirectoryNotFoundException)
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
