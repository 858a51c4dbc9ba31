namespace Decisioner.Web.Data;

/// <summary>
/// Who runs a periodic job this period: one row per job, taken by the instance that finds it expired.
/// With several instances on one database, each job runs on one of them per period (<see cref="JobLeases"/>).
/// </summary>
public sealed class JobLease
{
    /// <summary>The job, such as <c>desk-retention</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>The instance that took it last (<see cref="JobLeases.Holder"/>): machine, process and a random part.</summary>
    public string Holder { get; set; } = "";

    /// <summary>Until when that instance has the job (UTC); after it, the next instance to ask takes it.</summary>
    public DateTime ExpiresAt { get; set; }
}
