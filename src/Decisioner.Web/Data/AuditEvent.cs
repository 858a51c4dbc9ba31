namespace Decisioner.Web.Data;

/// <summary>
/// One line of the audit trail: who did what to whom, and when. Written only by
/// <see cref="Decisioner.Web.Staff.AuditTrail"/>; read by the admin page <c>/staff/audit</c>.
/// Accounts are named by email, not by a key, so a line outlives the account it names.
/// </summary>
public sealed class AuditEvent
{
    public long Id { get; set; }

    /// <summary>When, in UTC.</summary>
    public DateTime At { get; set; }

    /// <summary>The signed-in account that acted; empty for a visitor who is not signed in (a failed sign-in).</summary>
    public string Actor { get; set; } = "";

    /// <summary>One of <see cref="Decisioner.Web.Staff.AuditEvents"/>.</summary>
    public string Event { get; set; } = "";

    /// <summary>What it was done to: an account's email (for a failed sign-in, the email as typed, capped), or an export.</summary>
    public string Target { get; set; } = "";

    /// <summary>A short plain-text detail, such as "editor → admissions".</summary>
    public string Detail { get; set; } = "";

    /// <summary>The client address; null unless <c>Audit:RecordAddresses</c> is on.</summary>
    public string? Address { get; set; }
}

/// <summary>
/// What Identity does not keep about a staff account: when it was made and when it last signed in.
/// One row per account, removed with it. Accounts made before this table existed have no creation date.
/// </summary>
public sealed class StaffAccountInfo
{
    public string UserId { get; set; } = "";

    public DateTime? CreatedAt { get; set; }

    public DateTime? LastSignInAt { get; set; }
}
