using System.ComponentModel.DataAnnotations;

namespace Decisioner.Web.Mail;

/// <summary>How the site talks to its mail server.</summary>
public enum SmtpSecurity
{
    /// <summary>No encryption (a relay on the same host or network only).</summary>
    None,

    /// <summary>Connect in plain text, then upgrade with STARTTLS; refused if the server cannot (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    Ssl,
}

/// <summary>
/// The configuration section <c>Email</c>: the SMTP server the outbox sends through. With no
/// <see cref="Host"/>, sending is simply not set up: the site runs, and the desk says so instead of
/// offering to send. Checked at start: a bad value stops the site with a line naming its key.
/// </summary>
public sealed class EmailOptions : IValidatableObject
{
    public const string Section = "Email";

    /// <summary>The SMTP server's host name. Empty: sending is not set up.</summary>
    public string? Host { get; set; }

    /// <summary>The server's port; by default 25, 587 or 465 as <see cref="Security"/> says.</summary>
    [Range(1, 65535, ErrorMessage = "Email:Port must be between {1} and {2}.")]
    public int? Port { get; set; }

    /// <summary><c>None</c>, <c>StartTls</c> (the default) or <c>Ssl</c>.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>The account to sign in to the server with; none: send without signing in.</summary>
    public string? UserName { get; set; }

    /// <summary>That account's password. Keep it in an environment variable or a secret store, not in a file.</summary>
    public string? Password { get; set; }

    /// <summary>The address messages come from (replies go there too).</summary>
    public string? FromAddress { get; set; }

    /// <summary>The name shown with that address; by default the site's name from <c>site.yaml</c>.</summary>
    [MaxLength(100, ErrorMessage = "Email:FromName must be at most {1} characters.")]
    public string? FromName { get; set; }

    /// <summary>How long one exchange with the server may take before it counts as a failed attempt.</summary>
    [Range(1, 600, ErrorMessage = "Email:TimeoutSeconds must be between {1} and {2} seconds.")]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>How often the outbox looks for messages that are due (a new message is sent at once anyway).</summary>
    [Range(0.05, 3600, ErrorMessage = "Email:PollSeconds must be between {1} and {2} seconds.")]
    public double PollSeconds { get; set; } = 15;

    /// <summary>Attempts before a message is marked failed and left for staff to retry by hand.</summary>
    [Range(1, 50, ErrorMessage = "Email:MaxAttempts must be between {1} and {2}.")]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Whether sending is set up at all.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    public int EffectivePort => Port ?? Security switch
    {
        SmtpSecurity.None => 25,
        SmtpSecurity.Ssl => 465,
        _ => 587,
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsConfigured)
        {
            yield break;
        }

        if (Host!.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            yield return new ValidationResult("Email:Host must be a host name, such as smtp.example.org.", [nameof(Host)]);
        }

        if (string.IsNullOrWhiteSpace(FromAddress))
        {
            yield return new ValidationResult("Email:FromAddress is required when Email:Host is set (for example 'admissions@example.org').", [nameof(FromAddress)]);
        }
        else if (!MailAddresses.IsValid(FromAddress))
        {
            yield return new ValidationResult("Email:FromAddress must be one email address, such as admissions@example.org.", [nameof(FromAddress)]);
        }

        if (FromName is { } name && name.Any(char.IsControl))
        {
            yield return new ValidationResult("Email:FromName must be one line of text.", [nameof(FromName)]);
        }

        if (!string.IsNullOrEmpty(UserName) && string.IsNullOrEmpty(Password))
        {
            yield return new ValidationResult("Email:Password is required when Email:UserName is set.", [nameof(Password)]);
        }

        if (string.IsNullOrEmpty(UserName) && !string.IsNullOrEmpty(Password))
        {
            yield return new ValidationResult("Email:UserName is required when Email:Password is set.", [nameof(UserName)]);
        }
    }
}

/// <summary>The one rule for an email address the site sends to or from.</summary>
public static class MailAddresses
{
    /// <summary>The longest address a mail server must accept (RFC 5321: 64 + 1 + 255, held to 254 in practice).</summary>
    public const int MaxLength = 254;

    /// <summary>
    /// One plain address (<c>name@example.org</c>): no display name, no second address, no line break or
    /// other control character, at most <see cref="MaxLength"/> characters.
    /// </summary>
    public static bool IsValid(string? address)
    {
        if (string.IsNullOrWhiteSpace(address) || address.Length > MaxLength || address.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return false;
        }

        try
        {
            var parsed = new System.Net.Mail.MailAddress(address);
            return parsed.Address == address && parsed.DisplayName.Length == 0 && parsed.Host.Contains('.', StringComparison.Ordinal);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
