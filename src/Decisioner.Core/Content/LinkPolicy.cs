using Markdig.Syntax.Inlines;

namespace Decisioner.Core.Content;

/// <summary>
/// Which URLs a page may hold, and how the links of a parsed guide are kept to that: an allowed link is
/// recorded for validation (and an in-page <c>#anchor</c> made absolute, so it survives Blazor's
/// <c>&lt;base href="/"&gt;</c>); any other loses its URL and keeps its words, with a warning.
/// </summary>
public static class LinkPolicy
{
    /// <summary>
    /// Decides whether a URL may appear in a page: <c>http</c>, <c>https</c>, <c>mailto</c>, a site-relative
    /// path (<c>/...</c>) or an in-page anchor (<c>#...</c>). Control characters and whitespace, which browsers
    /// strip before reading the scheme, are removed first, so <c>java&#9;script:</c> is caught too.
    /// </summary>
    public static bool IsAllowedUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return false;
        }

        var cleaned = new string(url.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c)).ToArray());
        if (cleaned.Contains('\\', StringComparison.Ordinal))
        {
            return false; // browsers read '\' as '/', so "/\evil.example" would leave the site
        }

        if (cleaned.StartsWith('#'))
        {
            return true;
        }

        if (cleaned.StartsWith('/'))
        {
            return !cleaned.StartsWith("//", StringComparison.Ordinal);
        }

        var colon = cleaned.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false; // a bare relative path resolves against <base href="/">, not the page: ask for "/..."
        }

        var scheme = cleaned[..colon].ToLowerInvariant();
        return scheme switch
        {
            "http" or "https" => cleaned.AsSpan(colon + 1).StartsWith("//"),
            "mailto" => true,
            _ => false,
        };
    }

    internal static void Apply(LinkInline link, string pagePath, List<GuideLink> links, DiagnosticList diagnostics)
    {
        var url = link.GetDynamicUrl?.Invoke() ?? link.Url ?? "";
        link.GetDynamicUrl = null;

        if (!IsAllowedUrl(url))
        {
            diagnostics.Warning(link.Line + 1, link.Column + 1,
                $"{(link.IsImage ? "image" : "link")} '{Shorten(url)}' was removed: use https://, mailto:, a site path such as /guides/slug, or #anchor");
            ReplaceWithChildren(link);
            return;
        }

        links.Add(new GuideLink(url, link.Line + 1, link.Column + 1, link.IsImage, MarkdownOutline.PlainText(link)));
        link.Url = Absolutize(url, pagePath);
    }

    internal static void Apply(AutolinkInline autolink, string pagePath, List<GuideLink> links, DiagnosticList diagnostics)
    {
        var url = autolink.IsEmail && !autolink.Url.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)
            ? "mailto:" + autolink.Url
            : autolink.Url;

        if (!IsAllowedUrl(url))
        {
            diagnostics.Warning(autolink.Line + 1, autolink.Column + 1, $"link '{Shorten(url)}' was removed: only https://, mailto: and site paths are allowed");
            autolink.ReplaceBy(new LiteralInline(autolink.Url));
            return;
        }

        links.Add(new GuideLink(url, autolink.Line + 1, autolink.Column + 1, false));
        if (!autolink.IsEmail)
        {
            autolink.Url = Absolutize(url, pagePath);
        }
    }

    private static string Absolutize(string url, string pagePath) =>
        url.StartsWith('#') ? pagePath + url : url;

    private static void ReplaceWithChildren(LinkInline link)
    {
        if (link.IsImage)
        {
            link.ReplaceBy(new LiteralInline(MarkdownOutline.PlainText(link)));
            return;
        }

        // Keep the link's words, drop the link: its children move in front of it, then it goes.
        while (link.FirstChild is { } child)
        {
            child.Remove();
            link.InsertBefore(child);
        }

        link.Remove();
    }

    private static string Shorten(string text) => Text.Shorten(text, 60);
}
