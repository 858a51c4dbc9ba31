namespace Decisioner.Web.Staff;

/// <summary>One staff account as the accounts page lists it.</summary>
public sealed record StaffAccountRow(
    string Id,
    string Email,
    string? Role,
    DateTime? Created,
    DateTime? LastSignIn,
    DateTimeOffset? LockedUntil,
    bool HasPrintedPassword,
    int Passkeys)
{
    public bool IsLockedAt(DateTimeOffset now) => LockedUntil > now;
}

/// <summary>
/// What a change did, in words for the person who asked; <see cref="Password"/> only for a new account;
/// <see cref="Detail"/> is what the audit trail keeps beside the event.
/// </summary>
public sealed record AccountResult(bool Succeeded, string Message, string? Password = null, string Detail = "")
{
    public static AccountResult Done(string message, string? password = null, string detail = "") => new(true, message, password, detail);

    public static AccountResult Refused(string message) => new(false, message);
}
