using System.Text.RegularExpressions;

namespace Decisioner.Core.Content;

/// <summary>Reads one guide file: YAML front matter between <c>---</c> lines, then markdown.</summary>
public static partial class GuideLoader
{
    /// <summary>Slugs are lower-case words joined by single hyphens: they become URLs and must never look like paths.</summary>
    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    public static partial Regex SlugPattern();

    /// <summary>Words a reader gets through in a minute of careful reading, for the reading time shown on cards.</summary>
    public const int WordsPerMinute = 200;

    /// <summary>Minutes to read a markdown body: its words (anything with a letter or digit) at <see cref="WordsPerMinute"/>, at least 1.</summary>
    public static int ReadingMinutes(ReadOnlySpan<char> markdown)
    {
        var words = 0;
        foreach (var range in markdown.SplitAny(" \t\r\n"))
        {
            foreach (var c in markdown[range])
            {
                if (char.IsLetterOrDigit(c))
                {
                    words++;
                    break;
                }
            }
        }

        return Math.Max(1, (words + WordsPerMinute - 1) / WordsPerMinute);
    }

    /// <summary>Parses and renders a guide; returns null when it has errors (they are in <paramref name="diagnostics"/>).</summary>
    public static Guide? Load(string relativePath, string text, DiagnosticList diagnostics)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(diagnostics);

        // The markdown pipeline reads the front matter (UseYamlFrontMatter) and leaves it out of the page;
        // the body is rendered even when the fields have errors, so that every problem is reported at once.
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        var firstLine = (newline < 0 ? text : text[..newline]).TrimEnd();
        var slugGuess = System.IO.Path.GetFileNameWithoutExtension(relativePath).ToLowerInvariant();
        var bodyDiagnostics = new DiagnosticList(relativePath);
        var body = MarkdownRenderer.Render(text, Guide.PathFor(slugGuess), bodyDiagnostics);
        if (body.FrontMatter is not { } frontMatter)
        {
            diagnostics.Error(1, 1, firstLine == "---"
                ? "the front matter is never closed: add a line '---' after the last field"
                : "a guide starts with front matter: a line '---', the fields (title, summary, updated, ...), then another '---'");
            return null;
        }

        // Markdig counts lines from 0 and the block starts at its opening '---': the fields start one line later.
        var fields = YamlFields.Parse(frontMatter.Lines.ToString(), diagnostics, lineOffset: frontMatter.Line + 1);
        diagnostics.AddRange(bodyDiagnostics);
        if (fields is null)
        {
            return null;
        }

        var slug = fields.String("slug") ?? slugGuess;
        if (!SlugPattern().IsMatch(slug) || slug.Length > 100)
        {
            var node = fields.Node("slug") ?? fields.Map;
            fields.Error(node, $"slug '{slug}' must be lower-case letters, digits and single hyphens (e.g. rag-vs-fine-tuning), at most 100 characters");
        }

        var title = fields.String("title", required: true);
        var summary = fields.String("summary", required: true);
        var updated = fields.Date("updated", required: true);
        var category = fields.String("category") ?? "";
        var difficulty = fields.String("difficulty") ?? "";
        var audience = fields.StringList("audience");
        var authors = fields.StringList("authors");
        var reviewers = fields.StringList("reviewers");
        var related = fields.StringList("related");
        var order = fields.Int("order") ?? int.MaxValue;
        var changes = ReadChanges(fields);
        var relatedLine = fields.Node("related") is { } relatedNode ? fields.LineOf(relatedNode) : 1;
        var updatedLine = fields.Node("updated") is { } updatedNode ? fields.LineOf(updatedNode) : 1;
        fields.WarnUnread();
        if (slug != slugGuess)
        {
            // Links to "#section" on the page are written with the page's own path.
            body = MarkdownRenderer.Render(text, Guide.PathFor(slug), new DiagnosticList(relativePath));
        }

        if (diagnostics.HasErrors || title is null || summary is null || updated is null)
        {
            return null;
        }

        return new Guide
        {
            Slug = slug,
            Title = title,
            Summary = summary,
            Category = category,
            Difficulty = difficulty,
            Audience = audience,
            Updated = updated.Value,
            Authors = authors,
            Reviewers = reviewers,
            Order = order,
            Related = related,
            RelatedLine = relatedLine,
            UpdatedLine = updatedLine,
            Changes = changes,
            Html = body.Html,
            ReadingMinutes = ReadingMinutes(text.AsSpan(Math.Min(text.Length, frontMatter.Span.End + 1))),
            Toc = body.Toc,
            HeadingIds = body.HeadingIds,
            Links = body.Links,
            Sections = body.Sections,
            SourcePath = relativePath,
        };
    }

    /// <summary>
    /// The <c>changes</c> list: each entry a <c>date</c> (YYYY-MM-DD) and a one-line <c>note</c>, returned
    /// newest first whatever order the file has them in (a stable sort: one day's entries keep their order).
    /// An entry with a problem is reported and left out; the errors keep the guide from loading.
    /// </summary>
    private static IReadOnlyList<GuideChange> ReadChanges(YamlFields fields)
    {
        // "changes:" with nothing after it is an empty list, as for the other list fields.
        if (fields.Node("changes") is YamlDotNet.RepresentationModel.YamlScalarNode { Value: var value } && string.IsNullOrWhiteSpace(value))
        {
            return [];
        }

        var changes = new List<GuideChange>();
        foreach (var entry in fields.Items("changes", "each item of 'changes' must be a 'date:' line and a 'note:' line, e.g. '- date: 2026-11-30' then '  note: What changed'"))
        {
            var date = entry.Date("date", required: true);
            var note = entry.String("note", required: true);
            if (date is { } day && note is not null)
            {
                changes.Add(new GuideChange(day, note, entry.LineOf(entry.Node("date")!)));
            }
        }

        return [.. changes.OrderByDescending(c => c.Date)];
    }
}
