using System.ComponentModel.DataAnnotations;

namespace Decisioner.Web.Desk;

/// <summary>The configuration section <c>Desk</c>: how long the admissions desk keeps a prospect.</summary>
public sealed class DeskOptions
{
    public const string Section = "Desk";

    /// <summary>Sessions saved longer ago than this are erased (checked hourly), as "Erase this prospect" does.</summary>
    [Range(1, 3650, ErrorMessage = "Desk:RetentionDays must be between {1} and {2} days.")]
    public int RetentionDays { get; set; } = 365;

    /// <summary>
    /// On erasure, keep the session's answers and outcome without anything about the prospect (for the
    /// figures). Off: the whole session is deleted.
    /// </summary>
    public bool KeepAnonymousAnswersOnErase { get; set; } = true;
}
