namespace Decisioner.Web.Csv;

/// <summary>
/// Every CSV the site exports is written with this: RFC 4180 cells (quoted when they hold a comma, a quote
/// or a line break), CRLF rows, and no cell that a spreadsheet would run as a formula.
/// </summary>
public sealed class CsvWriter(TextWriter output)
{
    /// <summary>Writes one row; a null cell is empty.</summary>
    public void Row(params ReadOnlySpan<string?> cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                output.Write(',');
            }

            output.Write(Cell(cells[i] ?? ""));
        }

        output.Write("\r\n");
    }

    /// <summary>
    /// One cell as written. Text that starts like a formula (=, +, -, @, a tab or a carriage return) gets a
    /// leading apostrophe, so spreadsheets read it as text (OWASP, CSV injection): exports carry text that
    /// editors and visitors wrote.
    /// </summary>
    public static string Cell(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
