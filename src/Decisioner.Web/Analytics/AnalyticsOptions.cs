using System.ComponentModel.DataAnnotations;

namespace Decisioner.Web.Analytics;

/// <summary>The configuration section <c>Analytics</c>.</summary>
public sealed class AnalyticsOptions
{
    public const string Section = "Analytics";

    /// <summary>Count quiz steps at all. On by default; the counters hold no personal data.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the counts held in memory are written to the database. Counts of a crash in between are lost.</summary>
    [Range(1, 3600, ErrorMessage = "Analytics:FlushSeconds must be between {1} and {2} seconds.")]
    public int FlushSeconds { get; set; } = 10;

    /// <summary>Counters older than this many days are deleted (checked hourly).</summary>
    [Range(1, 36500, ErrorMessage = "Analytics:RetentionDays must be between {1} and {2} days.")]
    public int RetentionDays { get; set; } = 400;
}
