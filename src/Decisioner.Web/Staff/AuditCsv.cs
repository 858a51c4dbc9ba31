using System.Globalization;
using System.Text;
using Decisioner.Web.Data;

namespace Decisioner.Web.Staff;

/// <summary>
/// The audit trail as CSV. Minimal on purpose: the same cell rule as the quiz figures' CSV
/// (<see cref="Decisioner.Web.Analytics.QuizFigures.Csv"/>), until both use one shared writer.
/// </summary>
public static class AuditCsv
{
    public static string Write(IEnumerable<AuditEvent> lines, bool withAddresses)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var csv = new StringBuilder();
        void Row(params string[] cells) => csv.AppendJoin(',', cells.Select(Cell)).Append("\r\n");

        if (withAddresses)
        {
            Row("time_utc", "actor", "event", "target", "detail", "address");
        }
        else
        {
            Row("time_utc", "actor", "event", "target", "detail");
        }

        foreach (var line in lines)
        {
            var time = line.At.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            if (withAddresses)
            {
                Row(time, line.Actor, line.Event, line.Target, line.Detail, line.Address ?? "");
            }
            else
            {
                Row(time, line.Actor, line.Event, line.Target, line.Detail);
            }
        }

        return csv.ToString();
    }

    private static string Cell(string value)
    {
        // A cell that starts like a formula is read as text by spreadsheets (OWASP, CSV injection).
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
