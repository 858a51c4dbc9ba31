using System.Diagnostics;
using Decisioner.Core.Content;
using Decisioner.Tests;
using Decisioner.Web.Content;

namespace Decisioner.Web.Tests.Content;

public sealed class CheckCommandTests
{
    [Fact]
    public void CleanContent_ExitsZero_WithASummary()
    {
        using var output = new StringWriter();

        var exit = ContentCheckCommand.Run(["check", TestPaths.Content], output);

        var files = ContentLoader.Load(TestPaths.Content).Files.Count;

        exit.Should().Be(0, output.ToString());
        output.ToString().Should().Contain($"checked {files} files: 0 errors, 0 warnings");
    }

    [Fact]
    public void BrokenContent_ExitsOne_WithPathLineAndColumn()
    {
        using var content = TempContent.CopyOfShipped().Write("guides/broken.md", "---\ntitle: T\nsummary: S\nupdated: tomorrow\n---\n");
        using var output = new StringWriter();

        var exit = ContentCheckCommand.Run(["check", content.Root], output);

        exit.Should().Be(1);
        output.ToString().Should().Contain($"{content.Root}/guides/broken.md:4:10: error: 'updated' must be a date written as YYYY-MM-DD, not 'tomorrow'");
    }

    [Fact]
    public void MissingFolder_ExitsTwo()
    {
        using var output = new StringWriter();

        ContentCheckCommand.Run(["check", "/nonexistent/content"], output).Should().Be(2);
        output.ToString().Should().Contain("/nonexistent/content: error: the content folder does not exist");
    }

    [Fact]
    public async Task TheSiteExecutable_RunsCheck_WithoutStartingTheServer()
    {
        using var content = TempContent.CopyOfShipped().Write("guides/broken.md", "no front matter\n");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = content.Root,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Decisioner.Web.dll"));
        start.ArgumentList.Add("check");
        start.ArgumentList.Add(".");

        using var process = Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        process.ExitCode.Should().Be(1, stdout);
        stdout.Should().Contain("guides/broken.md:1:1: error: a guide starts with front matter");
        stdout.Should().NotContain("Now listening");
    }
}
