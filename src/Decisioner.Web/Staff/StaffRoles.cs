namespace Decisioner.Web.Staff;

/// <summary>The three staff roles, and the policies that pages and endpoints name.</summary>
public static class StaffRoles
{
    public const string Admin = "admin";
    public const string Admissions = "admissions";
    public const string Editor = "editor";

    public static readonly IReadOnlyList<string> All = [Admin, Admissions, Editor];

    /// <summary>Content: its status, and editing, publishing and history in the browser: editors and admins.</summary>
    public const string EditorPolicy = "editors";

    /// <summary>Quiz figures and, later, the admissions desk: admissions staff and admins.</summary>
    public const string AnalyticsPolicy = "analytics";

    /// <summary>The admissions desk (saved sessions with prospects): admissions staff and admins.</summary>
    public const string DeskPolicy = "desk";

    /// <summary>Staff accounts, the audit trail and diagnostics: admins only.</summary>
    public const string AdminPolicy = "admins";

    /// <summary>
    /// Any signed-in account, even one with the printed password or no role yet: only for the pages that
    /// help such an account on (choosing a password, the refusal page). Every other staff page needs more
    /// (<see cref="StaffArea"/>).
    /// </summary>
    public const string AnyAccountPolicy = "any-account";
}
