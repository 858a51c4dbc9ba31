using Microsoft.Playwright;

namespace Decisioner.E2E.Tests;

/// <summary>What goes wrong on a page as a visitor would never see it: script errors, Content-Security-Policy violations (the browser reports them on the console) and failed responses.</summary>
internal static class PageProblems
{
    /// <summary>Starts collecting on <paramref name="page"/>; the list fills as the problems happen.</summary>
    public static List<string> Watch(IPage page)
    {
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add(message.Text);
            }
        };
        page.PageError += (_, error) => problems.Add(error);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                problems.Add($"{response.Status} {response.Url}");
            }
        };
        return problems;
    }
}
