using System.Net;
using System.Text.RegularExpressions;
using Decisioner.Tests;
using Decisioner.Web.Security;
using Decisioner.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Decisioner.Web.Tests.Staff;

/// <summary>
/// Sign-in that resists abuse: a limit per client address and one per account name, a 429 page that says
/// when to try again, and one answer (words, status, a password hash) for an unknown email, a wrong
/// password and a locked account.
/// </summary>
public sealed partial class SignInLimitTests
{
    [Fact]
    public async Task PastTheLimitPerAccountName_Is429_WithRetryAfter_ForThatNameOnly_HoweverItIsWritten()
    {
        using var site = new SiteFactory(TestPaths.Content, new Dictionary<string, string>
        {
            ["Limits:SignInPerAddress"] = "100",
            ["Limits:SignInPerAccount"] = "2",
        });
        var client = StaffSignIn.Client(site);

        (await StaffSignIn.PostSignInAsync(client, "someone@example.org", "wrong password 1")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await StaffSignIn.PostSignInAsync(client, "someone@example.org", "wrong password 2")).StatusCode.Should().Be(HttpStatusCode.OK);
        var third = await StaffSignIn.PostSignInAsync(client, "  SomeOne@Example.org ", "wrong password 3");

        await ShouldBeTooManyAsync(third, window: 60);
        (await StaffSignIn.PostSignInAsync(client, "someone-else@example.org", "a password")).StatusCode.Should().Be(HttpStatusCode.OK, "another account name has its own allowance");
    }

    [Fact]
    public async Task PastTheLimitPerAddress_Is429_WhateverTheNames()
    {
        using var site = new SiteFactory(TestPaths.Content, new Dictionary<string, string>
        {
            ["Limits:SignInPerAddress"] = "3",
            ["Limits:SignInPerAccount"] = "100",
            ["Limits:SignInWindowSeconds"] = "300",
        });
        var client = StaffSignIn.Client(site);
        for (var i = 0; i < 3; i++)
        {
            (await StaffSignIn.PostSignInAsync(client, $"guess{i}@example.org", "a guess")).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var fourth = await StaffSignIn.PostSignInAsync(client, "guess4@example.org", "a guess");

        await ShouldBeTooManyAsync(fourth, window: 300);
        (await client.GetAsync(StaffAccounts.SignInPath)).StatusCode.Should().Be(HttpStatusCode.OK, "reading the page is not an attempt");
    }

    [Theory]
    [InlineData(nameof(LimitOptions.SignInPerAddress), 0, "Limits:SignInPerAddress must be between 1 and 10000.")]
    [InlineData(nameof(LimitOptions.SignInPerAccount), 0, "Limits:SignInPerAccount must be between 1 and 10000.")]
    [InlineData(nameof(LimitOptions.SignInWindowSeconds), 0, "Limits:SignInWindowSeconds must be between 1 and 86400 seconds.")]
    public void TheLimits_AreValidated(string name, int value, string message)
    {
        // The section is validated at start (ValidateOnStart), with these words; SettingsTests shows how a bad value stops the site.
        var options = new LimitOptions();
        typeof(LimitOptions).GetProperty(name)!.SetValue(options, value);
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true).Should().BeFalse();

        results.Select(r => r.ErrorMessage).Should().Equal(message);
    }

    [Fact]
    public async Task AnUnknownEmail_AWrongPassword_AndALockedAccount_GetTheSameAnswer_AndEachHashesAPassword()
    {
        var hasher = new CountingHasher();
        using var factory = new SiteFactory(TestPaths.Content);
        using var site = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IPasswordHasher<IdentityUser>>(hasher)));
        site.CreateClient();
        var email = $"known-{Guid.NewGuid():N}@example.org";
        var output = new StringWriter();
        (await StaffCommands.RunAsync(site.Services, ["users", "add", email, "--role", "editor"], output)).Should().Be(0, output.ToString());
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var locked = $"locked-{Guid.NewGuid():N}@example.org";
            (await users.CreateAsync(new IdentityUser { UserName = locked, Email = locked, EmailConfirmed = true }, "the right password")).Succeeded.Should().BeTrue();
            await users.SetLockoutEndDateAsync((await users.FindByEmailAsync(locked))!, DateTimeOffset.UtcNow.AddMinutes(15));
            email += "|" + locked;
        }

        var (known, lockedEmail) = (email.Split('|')[0], email.Split('|')[1]);
        var answers = new List<(HttpStatusCode Status, string Words)>();
        foreach (var (who, password) in new[] { ("nobody-here@example.org", "some password"), (known, "the wrong password"), (lockedEmail, "the right password") })
        {
            var before = hasher.Verified;
            var client = site.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("https://localhost") });
            var response = await StaffSignIn.PostSignInAsync(client, who, password);
            answers.Add((response.StatusCode, Alert().Match(await response.Content.ReadAsStringAsync()).Groups[1].Value));
            (hasher.Verified - before).Should().Be(1, $"a password hash is checked for {who}, so the answer takes as long as for the others");
        }

        answers.Should().AllBeEquivalentTo((HttpStatusCode.OK, SignInService.RefusalMessage));
    }

    private static async Task ShouldBeTooManyAsync(HttpResponseMessage response, int window)
    {
        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        var seconds = int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        seconds.Should().BeInRange(1, window);
        var html = await response.Content.ReadAsStringAsync();
        html.Should().Contain("Too many sign-in attempts").And.Contain($"Try again in {seconds} second");
        html.Should().Contain("class=\"site-header\"", "the refusal is a page of the site, in its style");
        response.Headers.Contains("Set-Cookie").Should().BeFalse();
    }

    [GeneratedRegex("<p class=\"notice error\" role=\"alert\">([^<]*)</p>")]
    private static partial Regex Alert();

    /// <summary>Identity's own hasher, counting the checks it makes.</summary>
    private sealed class CountingHasher : IPasswordHasher<IdentityUser>
    {
        private readonly PasswordHasher<IdentityUser> _inner = new();
        private int _verified;

        public int Verified => _verified;

        public string HashPassword(IdentityUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(IdentityUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verified);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
