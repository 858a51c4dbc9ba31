namespace Decisioner.Core.Content;

/// <summary>A link in the site's navigation.</summary>
public sealed record NavLink(string Title, string Url);

/// <summary>A course of the school's catalogue, where the guides and the quiz point learners.</summary>
public sealed record Course(string Id, string Title, string Pitch, string Url);

/// <summary>Site-wide data from <c>content/site.yaml</c>.</summary>
public sealed record SiteData
{
    public required string Name { get; init; }
    public string Tagline { get; init; } = "";
    public string Publisher { get; init; } = "";
    public IReadOnlyList<NavLink> Navigation { get; init; } = [];
    public IReadOnlyList<Course> Courses { get; init; } = [];

    /// <summary>What the site shows when <c>site.yaml</c> is missing or broken: enough to keep serving.</summary>
    public static SiteData Fallback { get; } = new() { Name = "Decisioner", Navigation = [new NavLink("Guides", "/")] };

    public Course? FindCourse(string id) => Courses.FirstOrDefault(c => c.Id == id);
}

/// <summary>Reads <c>site.yaml</c>.</summary>
public static class SiteDataLoader
{
    public const string FileName = "site.yaml";

    public static SiteData? Load(string text, DiagnosticList diagnostics)
    {
        var fields = YamlFields.Parse(text, diagnostics);
        if (fields is null)
        {
            return null;
        }

        fields.WarnUnknownKeys("name", "tagline", "publisher", "navigation", "courses");
        var name = fields.String("name", required: true);

        var navigation = new List<NavLink>();
        foreach (var item in fields.Sequence("navigation")?.Children ?? [])
        {
            if (ReadPair(fields, item, "title", "url") is var (title, url))
            {
                navigation.Add(new NavLink(title, url));
            }
        }

        var courses = new List<Course>();
        foreach (var item in fields.Sequence("courses", required: true)?.Children ?? [])
        {
            if (item is not YamlDotNet.RepresentationModel.YamlMappingNode map)
            {
                fields.Error(item, "each course is a set of lines: id, title, pitch, url");
                continue;
            }

            var course = fields.For(map);
            course.WarnUnknownKeys("id", "title", "pitch", "url");
            var id = course.String("id", required: true);
            var title = course.String("title", required: true);
            var pitch = course.String("pitch", required: true);
            var url = course.String("url", required: true);
            if (url is not null && !MarkdownRenderer.IsAllowedUrl(url))
            {
                course.Error(course.Node("url")!, $"course url '{url}' must start with https:// or /");
            }
            else if (id is not null && title is not null && pitch is not null && url is not null)
            {
                if (courses.Exists(c => c.Id == id))
                {
                    course.Error(course.Node("id")!, $"course id '{id}' is used twice");
                }
                courses.Add(new Course(id, title, pitch, url));
            }
        }

        return diagnostics.HasErrors || name is null
            ? null
            : new SiteData
            {
                Name = name,
                Tagline = fields.String("tagline") ?? "",
                Publisher = fields.String("publisher") ?? "",
                Navigation = navigation,
                Courses = courses,
            };
    }

    private static (string, string)? ReadPair(YamlFields fields, YamlDotNet.RepresentationModel.YamlNode item, string first, string second)
    {
        if (item is not YamlDotNet.RepresentationModel.YamlMappingNode map)
        {
            fields.Error(item, $"each item is a set of lines: {first}, {second}");
            return null;
        }

        var pair = fields.For(map);
        pair.WarnUnknownKeys(first, second);
        var a = pair.String(first, required: true);
        var b = pair.String(second, required: true);
        if (b is not null && !MarkdownRenderer.IsAllowedUrl(b))
        {
            pair.Error(pair.Node(second)!, $"'{b}' must start with https:// or /");
            return null;
        }

        return a is null || b is null ? null : (a, b);
    }
}
