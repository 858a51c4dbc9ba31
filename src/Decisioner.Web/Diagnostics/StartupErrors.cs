using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace Decisioner.Web.Diagnostics;

/// <summary>
/// Turns a bad setting into one plain line and exit code 1 instead of a stack trace: the line names the
/// key (<c>Limits:ApiPermitLimit must be between 1 and 1000000.</c>, or the binder's own
/// <c>... 'lots' at 'Limits:ApiPermitLimit' to type 'System.Int32'</c>).
/// </summary>
public static class StartupErrors
{
    private const string Settings = "The site did not start because of its settings: ";

    public static bool IsBadSetting(Exception exception, [NotNullWhen(true)] out string? message)
    {
        message = exception switch
        {
            Data.StartupRefusedException refused => "The site did not start: " + refused.Message,
            OptionsValidationException invalid => Settings + string.Join(" ", invalid.Failures),
            InvalidOperationException { Message: var text } when text.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) => Settings + text,
            _ => null,
        };
        return message is not null;
    }

    public static int Refuse(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }
}
