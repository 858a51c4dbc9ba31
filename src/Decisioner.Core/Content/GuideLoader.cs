using System.Text.RegularExpressions;

namespace Decisioner.Core.Content;

/// <summary>Reads one guide file: YAML front matter between <c>---</c> lines, then markdown.</summary>
public static partial class GuideLoader
{
    private static readonly string[] KnownKeys =
        ["title", "slug", "summary", "category", "difficulty", "audience", "updated", "authors", "reviewers", "order", "related"];

    /// <summary>Slugs are lower-case words joined by single hyphens: they become URLs and must never look like paths.</summary>
    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    public static partial Regex SlugPattern();

    /// <summary>Parses and renders a guide; returns null when it has errors (they are in <paramref name="diagnostics"/>).</summary>
    public static Guide? Load(string relativePath, string text, DiagnosticList diagnostics)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(diagnostics);

        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length == 0 || lines[0].TrimEnd() != "---")
        {
            diagnostics.Error(1, 1, "a guide starts with front matter: a line '---', the fields (title, summary, updated, ...), then another '---'");
            return null;
        }

        var close = Array.FindIndex(lines, 1, l => l.TrimEnd() is "---" or "...");
        if (close < 0)
        {
            diagnostics.Error(1, 1, "the front matter is never closed: add a line '---' after the last field");
            return null;
        }

        var yaml = string.Join('\n', lines[1..close]);
        var fields = YamlFields.Parse(yaml, diagnostics, lineOffset: 1);
        if (fields is null)
        {
            return null;
        }

        fields.WarnUnknownKeys(KnownKeys);

        var fileSlug = System.IO.Path.GetFileNameWithoutExtension(relativePath).ToLowerInvariant();
        var slug = fields.String("slug") ?? fileSlug;
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

        // The body is rendered even when the front matter has errors, so that every problem is reported at once.
        var body = MarkdownRenderer.Render(text, Guide.PathFor(slug), diagnostics);

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
            RelatedLine = fields.Node("related") is { } relatedNode ? fields.LineOf(relatedNode) : 1,
            Html = body.Html,
            Toc = body.Toc,
            HeadingIds = body.HeadingIds,
            Links = body.Links,
            SourcePath = relativePath,
        };
    }
}
