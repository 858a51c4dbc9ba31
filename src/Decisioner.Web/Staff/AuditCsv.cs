using System.Globalization;
using Decisioner.Web.Csv;
using Decisioner.Web.Data;

namespace Decisioner.Web.Staff;

/// <summary>The audit trail as CSV, written by the site's one CSV writer; the address column only when addresses are kept.</summary>
public static class AuditCsv
{
    public static string Write(IEnumerable<AuditEvent> lines, bool withAddresses)
    {
        ArgumentNullException.ThrowIfNull(lines);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var csv = new CsvWriter(text);
        if (withAddresses)
        {
            csv.Row("time_utc", "actor", "event", "target", "detail", "address");
        }
        else
        {
            csv.Row("time_utc", "actor", "event", "target", "detail");
        }

        foreach (var line in lines)
        {
            var time = line.At.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            if (withAddresses)
            {
                csv.Row(time, line.Actor, line.Event, line.Target, line.Detail, line.Address);
            }
            else
            {
                csv.Row(time, line.Actor, line.Event, line.Target, line.Detail);
            }
        }

        return text.ToString();
    }
}
