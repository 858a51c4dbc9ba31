using Decisioner.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace Decisioner.Web.Staff;

/// <summary>
/// Signing in, with an email and a password or with a passkey. With a password, nothing in the answer
/// tells an unknown email, a wrong password and a locked account apart: the same words and status for
/// all three, and a password hash computed in each (for an unknown email or a locked account, against a
/// hash of no password at all), so they take about as long. A passkey answer names its account only to
/// someone who holds the device. Every attempt goes to the audit trail.
/// </summary>
public sealed partial class SignInService(
    SignInManager<IdentityUser> signIn,
    IPasswordHasher<IdentityUser> hasher,
    StaffAccountService accounts,
    AuditTrail audit,
    ILogger<SignInService> logger)
{
    public enum Outcome
    {
        /// <summary>Signed in; the account has its own password.</summary>
        SignedIn,

        /// <summary>Signed in with the printed password: the account must choose its own first.</summary>
        MustChangePassword,

        /// <summary>Not signed in: unknown email, wrong password or locked account, told apart only in the audit trail.</summary>
        Refused,

        /// <summary>The accounts cannot be read just now (the database is away).</summary>
        Unavailable,

        /// <summary>A passkey that is valid, for an account that is locked (told only to the device's holder).</summary>
        LockedOut,

        /// <summary>A passkey answer with no challenge waiting for it: ran out, used already, or never asked for.</summary>
        Expired,
    }

    /// <summary>What every refusal says, whatever its reason.</summary>
    public const string RefusalMessage =
        "That email and password do not match an account. If you are sure of both, the account may be locked after too many " +
        "failed attempts: it opens again after 15 minutes, or sooner if an administrator unlocks it.";

    private static string? _noPasswordHash;

    public async Task<Outcome> SignInAsync(string typedEmail, string password, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(typedEmail);
        var email = typedEmail.Trim();
        try
        {
            var user = await signIn.UserManager.FindByNameAsync(email) ?? await signIn.UserManager.FindByEmailAsync(email);
            if (user is null || await signIn.UserManager.IsLockedOutAsync(user))
            {
                // The time of a password check, with nothing to find.
                hasher.VerifyHashedPassword(new IdentityUser(), NoPasswordHash(), password);
                audit.Record(AuditEvents.SignInFailed, null, typedEmail, user is null ? "no such account" : "account locked", http);
                return Outcome.Refused;
            }

            var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
            if (result.Succeeded)
            {
                await accounts.NoteSignInAsync(user);
                audit.Record(AuditEvents.SignIn, user.Email, user.Email, http: http);
                var mustChange = (await signIn.UserManager.GetClaimsAsync(user)).Any(StaffAccounts.IsPrintedPassword);
                return mustChange ? Outcome.MustChangePassword : Outcome.SignedIn;
            }

            audit.Record(AuditEvents.SignInFailed, null, typedEmail, "wrong password", http);
            if (result.IsLockedOut)
            {
                var until = await signIn.UserManager.GetLockoutEndDateAsync(user);
                audit.Record(AuditEvents.Lockout, null, user.Email, until is { } end ? $"locked until {end:yyyy-MM-dd HH:mm} UTC" : "", http);
            }

            return Outcome.Refused;
        }
        catch (Exception ex) when (DatabaseFault.Is(ex))
        {
            var reason = ex.GetBaseException().Message;
            LogUnavailable(logger, reason);
            audit.Record(AuditEvents.SignInFailed, null, typedEmail, "database unavailable", http);
            return Outcome.Unavailable;
        }
    }

    /// <summary>
    /// The same rules as the password: a locked account stays locked, the same cookie is written, and an
    /// account with a printed password is sent to choose its own. Identity checks the answer against the
    /// challenge it issued (once only), the site's address, the stored key and its signature counter.
    /// </summary>
    public async Task<Outcome> PasskeySignInAsync(string credentialJson, HttpContext http)
    {
        try
        {
            SignInResult result;
            try
            {
                result = await signIn.PasskeySignInAsync(credentialJson);
            }
            catch (InvalidOperationException)
            {
                // No challenge is waiting: it ran out (5 minutes), was used already, or was never asked for.
                audit.Record(AuditEvents.SignInFailed, null, null, "passkey answer without a challenge", http);
                return Outcome.Expired;
            }

            // Only an answer Identity accepted (signed in, or for a locked account) is read for its account.
            var user = result.Succeeded || result.IsLockedOut ? await AccountOfAsync(credentialJson) : null;
            if (result.Succeeded && user is not null)
            {
                await accounts.NoteSignInAsync(user);
                audit.Record(AuditEvents.SignIn, user.Email, user.Email, "with a passkey", http);
                var mustChange = (await signIn.UserManager.GetClaimsAsync(user)).Any(StaffAccounts.IsPrintedPassword);
                return mustChange ? Outcome.MustChangePassword : Outcome.SignedIn;
            }

            audit.Record(AuditEvents.SignInFailed, null, user?.Email, result.IsLockedOut ? "passkey: account locked" : "passkey not accepted", http);
            return result.IsLockedOut ? Outcome.LockedOut : Outcome.Refused;
        }
        catch (Exception ex) when (DatabaseFault.Is(ex))
        {
            var reason = ex.GetBaseException().Message;
            LogUnavailable(logger, reason);
            return Outcome.Unavailable;
        }
    }

    private async Task<IdentityUser?> AccountOfAsync(string credentialJson) =>
        StaffPasskeys.CredentialIdOf(credentialJson) is { } credential ? await signIn.UserManager.FindByPasskeyIdAsync(credential) : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Staff sign-in could not reach the database ({Reason}); the visitor was asked to try again shortly.")]
    private static partial void LogUnavailable(ILogger logger, string reason);

    private string NoPasswordHash() =>
        _noPasswordHash ??= hasher.HashPassword(new IdentityUser(), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
}
