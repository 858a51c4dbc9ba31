using System.Globalization;

namespace Decisioner.Web.Editing;

/// <summary>The text a new guide starts from: the front matter the loader needs and the sections our guides share.</summary>
public static class GuideTemplate
{
    public static string For(string slug, string title, DateOnly today)
    {
        var date = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var quotedTitle = "\"" + title.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        return $"""
            ---
            title: {quotedTitle}
            slug: {slug}
            summary: One or two sentences that say what the reader will be able to decide after reading.
            category: Learning track comparisons
            difficulty: Intermediate
            audience:
              - Who this guide is for
            updated: {date}
            changes:
              - date: {date}
                note: First published.
            authors: [School of Core AI curriculum team]
            related: []
            ---

            ## Quick take

            The answer in one paragraph: what to do, and when the other choice is better.

            ## When this fits

            - A situation where this is the right choice.
            - A situation where it is not.

            ## How to start

            1. The first step.
            2. The next one.

            ## Sources

            Link each fact and figure to where it came from, with the day you read it, as the other guides do:
            `[as of {date}](https://the-source)`.

            """;
    }
}
