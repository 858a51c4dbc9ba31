using Decisioner.Tests;

namespace Decisioner.Web.Tests;

/// <summary>
/// Which arguments are a command and which start the site, and host settings given beside a command.
/// (What each command does is tested in CheckCommandTests and StaffCommandsTests.)
/// </summary>
public sealed class SiteCommandsTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(false, "--urls", "http://localhost:5000")]
    [InlineData(false, "--Content:Root=/srv/content")]
    [InlineData(true, "--environment", "Production", "check")]
    [InlineData(true, "--contentRoot", "/srv/site", "--Content:Root=/srv/content", "users", "add", "a@example.org", "--role", "admin")]
    [InlineData(false, "--contentRoot", "/srv/site", "serve")]
    [InlineData(true, "check")]
    [InlineData(true, "users", "list")]
    [InlineData(true, "migrate", "--Database:Provider", "Postgres")]
    [InlineData(true, "--help")]
    public void ARecognisedFirstWord_AfterAnyHostSettings_IsACommand_AnythingElseStartsTheSite(bool isCommand, params string[] args)
    {
        SiteCommands.IsCommand(args).Should().Be(isCommand);
    }

    [Theory]
    [InlineData(true, "users", "list")]
    [InlineData(true, "users", "add", "a@example.org", "--role", "editor", "--Database:DataFolder=/tmp/x")]
    [InlineData(true, "migrate", "--Database:Provider", "Postgres")]
    [InlineData(true, "--contentRoot", "/srv/site", "users", "list")]
    [InlineData(false, "users", "add", "a@example.org")]
    [InlineData(false, "users", "--help")]
    [InlineData(false, "users", "frobnicate")]
    [InlineData(false, "check")]
    public void OnlyAWellFormedUsersOrMigrate_WaitsForTheDatabase(bool needsDatabase, params string[] args)
    {
        SiteCommands.NeedsDatabase(args).Should().Be(needsDatabase);
    }

    [Fact]
    public void Help_ListsEveryCommand_AndExitsZero()
    {
        using var output = new StringWriter();

        SiteCommands.Run(["--help"], output, output).Should().Be(0);
        output.ToString().Should().Contain("check").And.Contain("users").And.Contain("migrate").And.Contain("--urls");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Check_WithoutAFolder_ChecksTheContentRootSetting(bool joined)
    {
        using var content = TempContent.CopyOfShipped().Write("guides/broken.md", "no front matter\n");
        using var output = new StringWriter();
        string[] args = joined ? ["check", "--Content:Root=" + content.Root] : ["check", "--Content:Root", content.Root];

        var exit = SiteCommands.Run(args, output, output);

        exit.Should().Be(1, output.ToString());
        output.ToString().Should().Contain($"{content.Root}/guides/broken.md:1:1: error");
    }

    [Fact]
    public void AnUnknownOption_IsNamed_AndExitsTwo()
    {
        using var output = new StringWriter();

        SiteCommands.Run(["migrate", "--force"], output, output).Should().Be(2);
        output.ToString().Should().Contain("'--force'");
    }
}
