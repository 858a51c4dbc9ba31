using System.Net;
using Decisioner.Web.Data;
using Decisioner.Web.Tests.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Decisioner.Web.Tests.Data;

/// <summary>The same site on a real PostgreSQL server: migrations, counters, accounts, and keys shared by instances.</summary>
public sealed class PostgresTests
{
    [PostgresFact]
    public async Task Migrations_Counters_AndFigures_WorkOnPostgres()
    {
        await using var database = await TestPostgres.CreateAsync();
        using var site = new SiteFactory(Decisioner.Tests.TestPaths.Content, database.Settings);

        await CountingTests.CountsWithoutScriptAsync(site);
    }

    [PostgresFact]
    public async Task TwoInstances_ShareAccountsAndKeys_SoASignInOnOneWorksOnTheOther()
    {
        await using var database = await TestPostgres.CreateAsync();
        using var first = new SiteFactory(Decisioner.Tests.TestPaths.Content, database.Settings);
        using var second = new SiteFactory(Decisioner.Tests.TestPaths.Content, database.Settings);
        var password = await StaffSignIn.AddUserAsync(first, "admissions@example.org", "admissions");
        var client = StaffSignIn.Client(first);
        (await StaffSignIn.PostSignInAsync(client, "admissions@example.org", password)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await StaffSignIn.ChangePasswordAsync(client, password, "a password of my own")).StatusCode.Should().Be(HttpStatusCode.Redirect);
        var cookie = await CookieAsync(client);

        // The other instance has never seen this cookie; it reads it with the key ring in the database.
        var other = StaffSignIn.Client(second);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/staff/analytics");
        request.Headers.Add("Cookie", cookie);
        (await other.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.OK);

        await using var scope = second.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<SiteDbContext>().DataProtectionKeys.CountAsync()).Should().BeGreaterThan(0);
    }

    /// <summary>The staff cookie the client holds, as a Cookie header.</summary>
    private static async Task<string> CookieAsync(HttpClient client)
    {
        // The test client keeps cookies in its handler; ask a page and read back what the handler sends.
        using var echo = new HttpRequestMessage(HttpMethod.Get, "/staff");
        var response = await client.SendAsync(echo);
        response.StatusCode.Should().Be(HttpStatusCode.OK, "the client is signed in");
        return response.RequestMessage!.Headers.TryGetValues("Cookie", out var values) ? string.Join("; ", values) : throw new InvalidOperationException("no cookie sent");
    }
}
