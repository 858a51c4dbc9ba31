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
    public static bool IsBadSetting(Exception exception, [NotNullWhen(true)] out string? message)
    {
        message = exception switch
        {
            OptionsValidationException invalid => string.Join(" ", invalid.Failures),
            InvalidOperationException { Message: var text } when text.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) => text,
            _ => null,
        };
        return message is not null;
    }

    public static int Refuse(string message)
    {
        Console.Error.WriteLine("The site did not start because of its settings: " + message);
        return 1;
    }
}
