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

    /// <summary>How old a dated figure in a guide may be before the check asks for it to be looked at again.</summary>
    public int FigureMaxAgeDays { get; init; } = DefaultFigureMaxAgeDays;

    public const int DefaultFigureMaxAgeDays = 365;

    /// <summary>How long after its <c>updated</c> date a guide is due for a review, when the check says so.</summary>
    public int GuideReviewAgeDays { get; init; } = DefaultGuideReviewAgeDays;

    public const int DefaultGuideReviewAgeDays = 365;

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

        var name = fields.String("name", required: true);
        var tagline = fields.String("tagline") ?? "";
        var publisher = fields.String("publisher") ?? "";
        var figureMaxAge = fields.Int("figure-max-age-days") ?? SiteData.DefaultFigureMaxAgeDays;
        if (figureMaxAge < 1)
        {
            fields.Error(fields.Node("figure-max-age-days")!, "'figure-max-age-days' must be at least 1");
        }

        var reviewAge = fields.Int("guide-review-age-days") ?? SiteData.DefaultGuideReviewAgeDays;
        if (reviewAge < 1)
        {
            fields.Error(fields.Node("guide-review-age-days")!, "'guide-review-age-days' must be at least 1");
        }

        var navigation = new List<NavLink>();
        foreach (var link in fields.Items("navigation", "each item is a set of lines: title, url"))
        {
            var title = link.String("title", required: true);
            var url = Url(link, "url", "'{0}' must start with https:// or /");
            if (title is not null && url is not null)
            {
                navigation.Add(new NavLink(title, url));
            }
        }

        var courses = new List<Course>();
        foreach (var course in fields.Items("courses", "each course is a set of lines: id, title, pitch, url", required: true))
        {
            var id = course.String("id", required: true);
            var title = course.String("title", required: true);
            var pitch = course.String("pitch", required: true);
            var url = Url(course, "url", "course url '{0}' must start with https:// or /");
            if (id is not null && title is not null && pitch is not null && url is not null)
            {
                if (courses.Exists(c => c.Id == id))
                {
                    course.Error(course.Node("id")!, $"course id '{id}' is used twice");
                }
                courses.Add(new Course(id, title, pitch, url));
            }
        }

        fields.WarnUnread();
        return diagnostics.HasErrors || name is null
            ? null
            : new SiteData { Name = name, Tagline = tagline, Publisher = publisher, Navigation = navigation, Courses = courses, FigureMaxAgeDays = figureMaxAge, GuideReviewAgeDays = reviewAge };
    }

    /// <summary>A required link: a site path or an allowed address; null (and reported) otherwise.</summary>
    private static string? Url(YamlFields fields, string key, string refused)
    {
        var url = fields.String(key, required: true);
        if (url is not null && !LinkPolicy.IsAllowedUrl(url))
        {
            fields.Error(fields.Node(key)!, string.Format(System.Globalization.CultureInfo.InvariantCulture, refused, url));
            return null;
        }

        return url;
    }
}
