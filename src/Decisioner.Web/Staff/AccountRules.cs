using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;

namespace Decisioner.Web.Staff;

/// <summary>What a new account's email and role must be, and the password printed for it.</summary>
public static class AccountRules
{
    /// <summary>The longest email an account may have (Identity's column).</summary>
    public const int MaxEmailLength = 256;

    /// <summary>A problem with an email typed for a new account, in words; null when it will do.</summary>
    public static string? CheckEmail(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        if (email.Length == 0)
        {
            return "Enter the email of the new account.";
        }

        if (email.Length > MaxEmailLength)
        {
            return $"That email is longer than {MaxEmailLength} characters.";
        }

        if (email.Any(char.IsControl))
        {
            return "That email contains a control character.";
        }

        if (email.Any(char.IsWhiteSpace))
        {
            return "That is not an email address: it has a space in it.";
        }

        return new EmailAddressAttribute().IsValid(email) ? null : "That is not an email address.";
    }

    public static bool IsRole(string? role) => role is not null && StaffRoles.All.Contains(role);

    public static string NotARole(string? role) =>
        $"'{role}' is not a role. The roles are: {string.Join(", ", StaffRoles.All)}.";

    /// <summary>20 characters from an alphabet without look-alikes (no 0/O, 1/l/I): about 115 bits.</summary>
    public static string NewPassword()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return RandomNumberGenerator.GetString(alphabet, 20);
    }
}
