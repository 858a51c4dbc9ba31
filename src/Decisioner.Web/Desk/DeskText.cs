using System.Globalization;
using System.Net.Mail;

namespace Decisioner.Web.Desk;

/// <summary>How the desk reads what staff type: names and notes made printable, email addresses and dates checked.</summary>
internal static class DeskText
{
    /// <summary>A plain address only: no display name, no line breaks, at most 254 characters.</summary>
    public static string? CheckEmail(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        if (email.Length > DeskLimits.Email)
        {
            return $"The email is longer than {DeskLimits.Email} characters.";
        }

        return email.Any(char.IsControl) || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || parsed.DisplayName.Length > 0
            ? "That is not an email address: write it as name@example.org, with nothing else."
            : null;
    }

    /// <summary>
    /// A follow-up date as the date field sends it (YYYY-MM-DD): true with null for an empty field, false
    /// (and <see cref="NotADay"/> to show) for anything else that is not a date.
    /// </summary>
    public static bool TryReadDay(string? text, out DateOnly? day)
    {
        day = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }

        day = parsed;
        return true;
    }

    public const string NotADay = "The follow-up date is not a date written as YYYY-MM-DD.";

    /// <summary>Trimmed, control characters replaced (line breaks too: a name is one line), or null when empty.</summary>
    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : Printable(text, keepLineBreaks: false).Trim();

    /// <summary>Control characters (a NUL, which PostgreSQL cannot store; an escape) replaced; in notes, line breaks and tabs are kept.</summary>
    public static string Printable(string text, bool keepLineBreaks) =>
        string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = char.IsControl(c) && !(keepLineBreaks && c is '\n' or '\r' or '\t') ? '\uFFFD' : c;
            }
        });
}
