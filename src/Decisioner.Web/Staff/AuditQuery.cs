using System.Globalization;
using Decisioner.Web.Data;

namespace Decisioner.Web.Staff;

/// <summary>
/// The filters of the audit page and its CSV, read from the query string: an account (the actor or
/// the target, matched exactly, case aside), an event, a period of UTC days, and a page number. A value
/// that cannot be read is left out and named in <see cref="Notice"/>, never an error.
/// </summary>
public sealed record AuditQuery(string? Account, string? Event, DateOnly? From, DateOnly? To, int Page, string? Notice)
{
    public const int PageSize = 50;

    /// <summary>The most lines one CSV holds; the page says so when a period has more.</summary>
    public const int CsvLimit = 100_000;

    public static AuditQuery Read(string? account, string? @event, string? from, string? to, string? page)
    {
        var problems = new List<string>();
        account = string.IsNullOrWhiteSpace(account) ? null : AuditTrail.Clean(account, 256);
        if (!string.IsNullOrEmpty(@event) && !AuditEvents.Labels.ContainsKey(@event))
        {
            problems.Add("that event is not one the trail records");
            @event = null;
        }
        else if (string.IsNullOrEmpty(@event))
        {
            @event = null;
        }

        var fromDay = Day(from, "from", problems);
        var toDay = Day(to, "to", problems);
        if (fromDay is { } f && toDay is { } t && f > t)
        {
            problems.Add("the period ended before it began, so the dates were swapped");
            (fromDay, toDay) = (toDay, fromDay);
        }

        var pageNumber = 1;
        if (!string.IsNullOrEmpty(page) && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out pageNumber) || pageNumber < 1 || pageNumber > 100_000))
        {
            problems.Add("the page number was not one we have");
            pageNumber = 1;
        }

        var notice = problems.Count == 0 ? null : "Some filters were set aside: " + string.Join("; ", problems) + ".";
        return new AuditQuery(account, @event, fromDay, toDay, pageNumber, notice);
    }

    private static DateOnly? Day(string? text, string name, List<string> problems)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        problems.Add($"'{name}' is not a date written as YYYY-MM-DD");
        return null;
    }

    /// <summary>The matching lines, newest first.</summary>
    public IQueryable<AuditEvent> Apply(IQueryable<AuditEvent> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (Account is { } account)
        {
            var upper = account.ToUpperInvariant();
#pragma warning disable CA1862 // This runs in the database as upper(); string.Equals with a comparison cannot be translated.
            lines = lines.Where(e => e.Actor.ToUpper() == upper || e.Target.ToUpper() == upper);
#pragma warning restore CA1862
        }

        if (Event is { } name)
        {
            lines = lines.Where(e => e.Event == name);
        }

        if (From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            lines = lines.Where(e => e.At >= start);
        }

        if (To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            lines = lines.Where(e => e.At < end);
        }

        return lines.OrderByDescending(e => e.At).ThenByDescending(e => e.Id);
    }

    /// <summary>This query's address for another page, or for the CSV.</summary>
    public string Url(string path, int? page = null)
    {
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add(key + "=" + Uri.EscapeDataString(value));
            }
        }

        Add("account", Account);
        Add("event", Event);
        Add("from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (page is > 1)
        {
            Add("page", page.Value.ToString(CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? path : path + "?" + string.Join("&", parts);
    }
}
