using System.Globalization;
using System.Text.RegularExpressions;
using Decisioner.Core.Questionnaires;

namespace Decisioner.Core.Content;

/// <summary>
/// The checks only the whole content set can make: links between guides and to their headings
/// (against the ids the renderer really produced), related guides, images, and where the quiz's
/// learn-more links and courses lead. These are reported but do not stop a file from being served.
/// </summary>
public static partial class ContentValidator
{
    /// <summary>Where content images live (<c>content/media</c>) and the site path they are served at.</summary>
    public const string MediaFolder = "media";

    public const string MediaPath = "/media/";

    internal static void CheckReferences(string root, SiteData site, List<Guide> guides, List<Questionnaire> questionnaires, List<ContentFileStatus> files, DateOnly today)
    {
        foreach (var guide in guides)
        {
            var diagnostics = new DiagnosticList(guide.SourcePath);
            CheckGuide(root, guide, guides, diagnostics);
            CheckFigures(guide, site.FigureMaxAgeDays, today, diagnostics);
            CheckReviewAge(guide, site.GuideReviewAgeDays, today, diagnostics);
            CheckChanges(guide, today, diagnostics);
            Append(files, diagnostics);
        }

        foreach (var questionnaire in questionnaires)
        {
            var diagnostics = new DiagnosticList(questionnaire.SourcePath);
            CheckQuestionnaire(questionnaire, guides, site, diagnostics);
            Append(files, diagnostics);
        }
    }

    private static void CheckGuide(string root, Guide guide, List<Guide> guides, DiagnosticList diagnostics)
    {
        foreach (var related in guide.Related.Where(r => !guides.Exists(g => g.Slug == r)))
        {
            diagnostics.Warning(guide.RelatedLine, 1, $"related guide '{related}' does not exist");
        }

        foreach (var link in guide.Links)
        {
            if (link.IsImage)
            {
                if (link.Url.StartsWith(MediaPath, StringComparison.Ordinal) && !MediaExists(root, link.Url))
                {
                    diagnostics.Error(link.Line, link.Column, $"image '{link.Url}' does not exist: put it in content/{MediaFolder}/");
                }
                continue;
            }

            var (path, anchor) = SplitAnchor(link.Url);
            if (path.Length == 0 && anchor is not null)
            {
                if (!guide.HeadingIds.Contains(anchor))
                {
                    diagnostics.Error(link.Line, link.Column, $"link to '#{anchor}': no heading on this page has that id{Suggest(anchor, guide.HeadingIds)}");
                }
                continue;
            }

            if (!path.StartsWith("/guides/", StringComparison.Ordinal))
            {
                continue;
            }

            switch (Resolve(path, anchor, guides))
            {
                case (null, _):
                    diagnostics.Error(link.Line, link.Column, $"link to '{path}': no guide has that slug");
                    break;
                case ({ } target, false):
                    diagnostics.Error(link.Line, link.Column, $"link to '{link.Url}': {target.SourcePath} has no heading with id '{anchor}'{Suggest(anchor!, target.HeadingIds)}");
                    break;
            }
        }
    }

    private static void CheckQuestionnaire(Questionnaire questionnaire, List<Guide> guides, SiteData site, DiagnosticList diagnostics)
    {
        var links = questionnaire.Questions.Where(q => q.LearnMore is not null).Select(q => (What: $"question '{q.Id}': learn-more", Url: q.LearnMore!, q.Line))
            .Concat(questionnaire.Questions.SelectMany(q => q.HelpLinks.Select(url => (What: $"question '{q.Id}': help link", Url: url, q.Line))))
            .Concat(questionnaire.Definition.Plan.Where(p => p.Value.LearnMore is not null).Select(p => (What: $"plan step '{p.Key.Id()}': learn-more", Url: p.Value.LearnMore!, p.Value.Line)));
        foreach (var (what, url, line) in links)
        {
            var (path, anchor) = SplitAnchor(url);
            if (!path.StartsWith("/guides/", StringComparison.Ordinal))
            {
                continue;
            }

            switch (Resolve(path, anchor, guides))
            {
                case (null, _):
                    diagnostics.Error(line, 1, $"{what} '{url}' names no guide");
                    break;
                case ({ } guide, false):
                    diagnostics.Error(line, 1, $"{what} '{url}': {guide.SourcePath} has no heading with id '{anchor}'{Suggest(anchor!, guide.HeadingIds)}");
                    break;
            }
        }

        var courses = questionnaire.Questions.SelectMany(q => q.Options).Select(o => o.Course)
            .Concat(questionnaire.OutcomeTexts.Values.Select(o => o.Course))
            .OfType<string>().Distinct();
        foreach (var course in courses.Where(c => site.FindCourse(c) is null))
        {
            diagnostics.Error(1, 1, $"course '{course}' is not in {SiteDataLoader.FileName}");
        }
    }

    /// <summary>
    /// A figure that can go out of date (a price, a limit, a model's score) is written with its source as a
    /// link whose text is its date: "$2 per million tokens ([as of 2026-11-28](https://...))". The check
    /// warns when one is older than <c>figure-max-age-days</c> in site.yaml, so someone looks again.
    /// </summary>
    private static void CheckFigures(Guide guide, int maxAgeDays, DateOnly today, DiagnosticList diagnostics)
    {
        foreach (var link in guide.Links.Where(l => !l.IsImage))
        {
            var match = DatedFigureRegex().Match(link.Text);
            if (!match.Success)
            {
                continue;
            }

            if (!DateOnly.TryParseExact(match.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                diagnostics.Error(link.Line, link.Column, $"figure dated '{match.Groups["date"].Value}': write the date as YYYY-MM-DD");
            }
            else if (!link.Url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && !link.Url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            {
                diagnostics.Error(link.Line, link.Column, $"figure dated {date:yyyy-MM-dd} links to '{link.Url}': link it to the source the figure came from");
            }
            else if (date > today)
            {
                diagnostics.Warning(link.Line, link.Column, $"figure dated {date:yyyy-MM-dd} is in the future");
            }
            else if (today.DayNumber - date.DayNumber > maxAgeDays)
            {
                diagnostics.Warning(link.Line, link.Column,
                    $"figure dated {date:yyyy-MM-dd} is {today.DayNumber - date.DayNumber} days old (more than {maxAgeDays}): check it against {link.Url} and update its date");
            }
        }
    }

    /// <summary>A guide whose <c>updated</c> date is older than <c>guide-review-age-days</c> in site.yaml is due for a read-through.</summary>
    private static void CheckReviewAge(Guide guide, int reviewAgeDays, DateOnly today, DiagnosticList diagnostics)
    {
        var age = today.DayNumber - guide.Updated.DayNumber;
        if (age > reviewAgeDays)
        {
            diagnostics.Warning(guide.UpdatedLine, 1,
                $"last updated {guide.Updated:yyyy-MM-dd}, {age} days ago (more than {reviewAgeDays}): read it through against its sources, then set 'updated' to the day you did");
        }
        else if (age < 0)
        {
            diagnostics.Warning(guide.UpdatedLine, 1, $"'updated' is {guide.Updated:yyyy-MM-dd}, a day still to come");
        }
    }

    /// <summary>
    /// A guide's <c>changes</c> tell readers what changed and when, so the dates must be true: none still to
    /// come, and the newest one is the day in <c>updated</c> (the loader has already put the newest first).
    /// </summary>
    private static void CheckChanges(Guide guide, DateOnly today, DiagnosticList diagnostics)
    {
        foreach (var change in guide.Changes.Where(c => c.Date > today))
        {
            diagnostics.Warning(change.Line, 1, $"change dated {change.Date:yyyy-MM-dd} is a day still to come");
        }

        var newest = guide.Changes.Count > 0 ? guide.Changes[0] : null;
        if (newest is null || newest.Date == guide.Updated)
        {
            return;
        }

        if (newest.Date > guide.Updated)
        {
            diagnostics.Error(guide.UpdatedLine, 1,
                $"'updated' is {guide.Updated:yyyy-MM-dd} but the newest change (line {newest.Line}) is dated {newest.Date:yyyy-MM-dd}: set 'updated' to {newest.Date:yyyy-MM-dd}");
        }
        else
        {
            diagnostics.Error(newest.Line, 1,
                $"the newest change is dated {newest.Date:yyyy-MM-dd} but 'updated' (line {guide.UpdatedLine}) is {guide.Updated:yyyy-MM-dd}: add a change dated {guide.Updated:yyyy-MM-dd} saying what changed for readers, or set 'updated' back to {newest.Date:yyyy-MM-dd}");
        }
    }

    [GeneratedRegex(@"^\s*as of (?<date>.+?)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DatedFigureRegex();

    private static bool MediaExists(string root, string url)
    {
        // Only names made of safe characters are looked up: a link is never a way to probe the disk.
        var relative = Uri.UnescapeDataString(url[MediaPath.Length..].Split('?', '#')[0]);
        if (relative.Length == 0 || relative.Contains("..", StringComparison.Ordinal) || relative.Contains('\\', StringComparison.Ordinal))
        {
            return false;
        }

        return File.Exists(Path.Combine(root, MediaFolder, relative));
    }

    /// <summary>The guide a site path names, and whether the section it points to (if any) exists there.</summary>
    private static (Guide? Target, bool SectionFound) Resolve(string path, string? anchor, List<Guide> guides)
    {
        var target = guides.Find(g => g.Path == path);
        return (target, target is not null && (anchor is null || target.HeadingIds.Contains(anchor)));
    }

    private static string Suggest(string anchor, IReadOnlySet<string> ids)
    {
        // A part of the id, or the id with a typo or two in it.
        var close = ids.FirstOrDefault(id => id.Contains(anchor, StringComparison.Ordinal) || anchor.Contains(id, StringComparison.Ordinal))
            ?? ids.Where(id => Search.EditDistance.Of(anchor, id, 2) <= 2).OrderBy(id => Search.EditDistance.Of(anchor, id, 2)).FirstOrDefault();
        return close is null ? "" : $" (did you mean '#{close}'?)";
    }

    private static (string Path, string? Anchor) SplitAnchor(string url)
    {
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? (url, null) : (url[..hash], url[(hash + 1)..]);
    }

    private static void Append(List<ContentFileStatus> files, DiagnosticList diagnostics)
    {
        var index = files.FindIndex(f => f.Path == diagnostics.File);
        if (diagnostics.Items.Count > 0 && index >= 0)
        {
            files[index] = files[index] with { Diagnostics = [.. files[index].Diagnostics, .. diagnostics.Items] };
        }
    }
}
