using Microsoft.Extensions.DependencyInjection;
using Decisioner.Web.Staff;

namespace Decisioner.Web.Tests.Staff;

/// <summary>The <c>users</c> commands, on a real database: no default account, and each command does what it says.</summary>
public sealed class StaffCommandsTests
{
    private static async Task<(int Code, string Output)> RunAsync(SiteFactory site, params string[] args)
    {
        site.CreateClient();
        var output = new StringWriter();
        var code = await StaffCommands.RunAsync(site.Services, args, output);
        return (code, output.ToString());
    }

    [Fact]
    public async Task AFreshSite_HasNoAccount()
    {
        using var site = new SiteFactory();

        var (code, output) = await RunAsync(site, "users", "list");

        code.Should().Be(0);
        output.Should().Contain("No staff accounts yet");
    }

    [Fact]
    public async Task Add_List_SetRole_Remove()
    {
        using var site = new SiteFactory();

        var added = await RunAsync(site, "users", "add", "ada@example.org", "--role", "admissions");
        added.Code.Should().Be(0);
        added.Output.Should().Contain("Added ada@example.org with the role admissions.").And.MatchRegex("Password, shown once: \\S{20}");

        (await RunAsync(site, "users", "list")).Output.Should().Contain("ada@example.org\tadmissions");
        (await RunAsync(site, "users", "set-role", "ada@example.org", "--role", "editor")).Code.Should().Be(0);
        (await RunAsync(site, "users", "list")).Output.Should().Contain("ada@example.org\teditor").And.NotContain("admissions");
        (await RunAsync(site, "users", "remove", "ada@example.org")).Code.Should().Be(0);
        (await RunAsync(site, "users", "list")).Output.Should().Contain("No staff accounts yet");
    }

    [Theory]
    [InlineData(1, "'superuser' is not a role", "users", "add", "b@example.org", "--role", "superuser")]
    [InlineData(1, "no such account", "users", "remove", "ghost@example.org")]
    [InlineData(1, "no such account", "users", "set-role", "ghost@example.org", "--role", "editor")]
    [InlineData(2, "Option '--role' is required", "users", "add", "c@example.org")]
    [InlineData(2, "Unrecognized command or argument 'frobnicate'", "users", "frobnicate")]
    [InlineData(1, "is not an email address", "users", "add", "not an email", "--role", "editor")]
    public async Task BadCommands_AreRefusedWithAReason(int expectedCode, string message, params string[] args)
    {
        using var site = new SiteFactory();

        var (code, output) = await RunAsync(site, args);

        code.Should().Be(expectedCode);
        output.Should().Contain(message);
    }

    [Fact]
    public async Task AddingTheSameEmailTwice_IsRefused()
    {
        using var site = new SiteFactory();
        await RunAsync(site, "users", "add", "dup@example.org", "--role", "editor");

        var (code, output) = await RunAsync(site, "users", "add", "DUP@example.org", "--role", "admin");

        code.Should().Be(1);
        output.Should().Contain("already has an account");
    }

    [Fact]
    public async Task TheCommands_UseTheAccountsPagesRules_AndWriteTheAuditTrail()
    {
        using var site = new SiteFactory();
        (await RunAsync(site, "users", "add", "only-admin@example.org", "--role", "admin")).Code.Should().Be(0);

        var remove = await RunAsync(site, "users", "remove", "only-admin@example.org");
        var demote = await RunAsync(site, "users", "set-role", "only-admin@example.org", "--role", "editor");

        remove.Code.Should().Be(1);
        remove.Output.Should().Contain("only administrator");
        demote.Code.Should().Be(1);
        demote.Output.Should().Contain("only administrator");
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Decisioner.Web.Data.SiteDbContext>();
        var added = db.AuditEvents.Where(e => e.Event == AuditEvents.AccountAdded).ToList();
        added.Should().ContainSingle().Which.Target.Should().Be("only-admin@example.org");
        added[0].Actor.Should().StartWith("command line");
    }
}
