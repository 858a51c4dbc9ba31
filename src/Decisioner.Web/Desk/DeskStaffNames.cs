using Decisioner.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Decisioner.Web.Desk;

/// <summary>
/// Who saved a session, wrote a note or changed a status, as the desk names them: by the account's email.
/// The records keep the account id only, set to null when the account is removed; such a one, or an id
/// not known, reads as <see cref="Former"/>.
/// </summary>
public sealed class DeskStaffNames(IReadOnlyDictionary<string, string> names)
{
    public const string Former = "a former member of staff";

    public static DeskStaffNames None { get; } = new(new Dictionary<string, string>());

    /// <summary>Every account's email (or user name) by its id, read once for a page or an export.</summary>
    public static async Task<DeskStaffNames> LoadAsync(SiteDbContext db, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return new(await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Email ?? u.UserName ?? u.Id, cancellation));
    }

    /// <summary>Every account known, id to name, as the desk's "saved by" filter lists them.</summary>
    public IReadOnlyDictionary<string, string> ById => names;

    public string Of(string? id) => id is not null && names.TryGetValue(id, out var name) ? name : Former;
}
