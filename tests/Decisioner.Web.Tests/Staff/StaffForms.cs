using System.Net;
using System.Text.RegularExpressions;
using Decisioner.Web.Data;
using Decisioner.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Decisioner.Web.Tests.Staff;

/// <summary>Forms of the staff pages posted as a browser would, and what the tests need to read back.</summary>
internal static partial class StaffForms
{
    /// <summary>Opens the page, takes the antiforgery token it carries, and posts the named form to it.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string page, string formName, IDictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(page);
        var form = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = Token().Match(html).Groups[1].Value,
            ["_handler"] = formName,
        };
        return await client.PostAsync(page, new FormUrlEncodedContent(form));
    }

    /// <summary>An account with its own password, signed in by two clients at once (two browsers, say).</summary>
    public static async Task<(string Email, string Password, HttpClient First, HttpClient Second)> TwoSessionsAsync(WebApplicationFactory<Program> site, string role)
    {
        var email = $"{role}-{Guid.NewGuid():N}@example.org";
        site.CreateClient(); // the host, and so the migrated database, exists once a client does
        string printed;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var added = await scope.ServiceProvider.GetRequiredService<StaffAccountService>().AddAsync("test", email, role);
            added.Succeeded.Should().BeTrue(added.Message);
            printed = added.Password!;
        }

        var first = Client(site);
        (await StaffSignIn.PostSignInAsync(first, email, printed)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        const string password = "a password of my own choosing";
        (await StaffSignIn.ChangePasswordAsync(first, printed, password)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        var second = Client(site);
        (await StaffSignIn.PostSignInAsync(second, email, password)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        return (email, password, first, second);
    }

    /// <summary>A client that keeps cookies and does not follow redirects, as <see cref="StaffSignIn.Client"/>, for any factory.</summary>
    public static HttpClient Client(WebApplicationFactory<Program> site) =>
        site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("https://localhost") });

    /// <summary>A signed-in admin client, and its email.</summary>
    public static async Task<(string Email, HttpClient Client)> AdminAsync(WebApplicationFactory<Program> site)
    {
        var (email, _, client, _) = await TwoSessionsAsync(site, "admin");
        return (email, client);
    }

    public static async Task<string> IdOfAsync(WebApplicationFactory<Program> site, string email)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().FindByEmailAsync(email);
        return user?.Id ?? throw new InvalidOperationException("no account " + email);
    }

    /// <summary>Makes a change on the accounts page as a browser does: the row's button asks, the confirmation form posts.</summary>
    public static Task<HttpResponseMessage> ChangeAsync(HttpClient admin, string action, string accountId, string role = "") =>
        PostAsync(admin, $"/staff/accounts?act={action}&account={accountId}&role={role}", "change", new Dictionary<string, string>
        {
            ["Change.Action"] = action,
            ["Change.Account"] = accountId,
            ["Change.Role"] = role,
        });

    /// <summary>The audit lines written so far, oldest first.</summary>
    public static async Task<List<AuditEvent>> AuditAsync(WebApplicationFactory<Program> site)
    {
        await site.Services.GetRequiredService<AuditTrail>().FlushAsync();
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SiteDbContext>().AuditEvents.OrderBy(e => e.Id).ToListAsync();
    }

    /// <summary>Whether the client is still signed in: a staff page it may open answers 200, not a redirect to sign in.</summary>
    public static async Task<bool> IsSignedInAsync(HttpClient client)
    {
        var response = await client.GetAsync("/staff");
        return response.StatusCode == HttpStatusCode.OK;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}

/// <summary>Collects what the site logs, to count how often a fault is reported.</summary>
internal sealed class LogCollector : ILoggerProvider
{
    public System.Collections.Concurrent.ConcurrentQueue<(LogLevel Level, string Message)> Lines { get; } = new();

    public IEnumerable<string> Messages => Lines.Select(l => l.Message);

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCollector collector) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            collector.Lines.Enqueue((logLevel, formatter(state, exception)));
    }
}
