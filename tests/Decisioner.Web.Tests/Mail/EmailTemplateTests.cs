using Decisioner.Core.Content;
using Decisioner.Tests;
using Decisioner.Web.Content;

namespace Decisioner.Web.Tests.Mail;

/// <summary>The result message template in content/: loaded with the content, checked by <c>check</c> with file:line:col, rendered safely.</summary>
public sealed class EmailTemplateTests
{
    private static readonly TemplateValues Sample = new("Sam", "RAG", "RAG: build retrieval first", new Uri("https://decisioner.example/quiz/q/result?a=1&b=2"), "Alex");

    [Fact]
    public void ShippedTemplate_Loads_WithoutAProblem()
    {
        var snapshot = ContentLoader.Load(TestPaths.Content);

        snapshot.ResultEmail.Should().NotBeNull();
        snapshot.Files.Single(f => f.Path == EmailTemplate.ResultFile).Diagnostics.Should().BeEmpty();
        var message = snapshot.ResultEmail!.Render(Sample, snapshot.Site.Name);
        message.Subject.Should().Be("Your result from Decisioner: RAG");
        message.Text.Should().StartWith("Hello Sam,\n").And.Contain("with Alex.").And.Contain(": https://decisioner.example/quiz/q/result?a=1&b=2\n");
        message.Html.Should().Contain("<a href=\"https://decisioner.example/quiz/q/result?a=1&amp;b=2\">");
    }

    [Fact]
    public void NoName_UsesTheTemplatesWord()
    {
        var message = ContentLoader.Load(TestPaths.Content).ResultEmail!.Render(Sample with { ProspectName = " \r\n " }, "Decisioner");

        message.Text.Should().StartWith("Hello there,\n");
    }

    [Fact]
    public void UnknownPlaceholders_AndASitePath_AreReported_WithLineAndColumn()
    {
        var lines = Check("""
            ---
            subject: Hello {{Prospect-Name}}
            ---
            Dear {{prospect-name}}, {{course}} is next.

            [Open](/quiz/rag-vs-fine-tuning)
            """);

        var known = "the known ones are {{prospect-name}}, {{outcome}}, {{headline}}, {{result-link}}, {{staff-name}}, {{site-name}}";
        lines.Should().Equal(
            $"emails/result.md:2:16: error: unknown placeholder '{{{{Prospect-Name}}}}' (write it as {{{{prospect-name}}}}, without spaces or capitals); {known}",
            "emails/result.md:4:1: error: the body must hold {{result-link}}: the message exists to give the prospect their result, e.g. '[See your result]({{result-link}})'",
            $"emails/result.md:4:25: error: unknown placeholder '{{{{course}}}}'; {known}",
            "emails/result.md:6:1: error: link to '/quiz/rag-vs-fine-tuning': a message needs a full address starting with https:// (or mailto:)");
    }

    [Fact]
    public void LinkInTheSubject_AnOpenPlaceholder_AndOneBrace_AreReported()
    {
        var lines = Check("""
            ---
            subject: Your {{result-link}}
            ---
            Hello {prospect-name}, see {{result-link}
            [Result]({{result-link}})
            """);

        lines.Should().Equal(
            "emails/result.md:2:10: error: {{result-link}} belongs in the body, not in the subject",
            "emails/result.md:4:7: warning: '{prospect-name}' is sent as it is written: a placeholder has two braces, {{prospect-name}}",
            "emails/result.md:4:28: error: '{{' is never closed on this line: a placeholder is written {{name}}");
    }

    [Fact]
    public void MissingSubject_AndMissingFrontMatter_AreReported()
    {
        Check("""
            ---
            no-name: friend
            ---
            [Result]({{result-link}})
            """).Should().Equal("emails/result.md:2:1: error: 'subject' is required");

        Check("Hello {{prospect-name}}, [Result]({{result-link}})\n")
            .Should().Equal("emails/result.md:1:1: error: a message template starts with front matter: a line '---', then 'subject: ...', then another '---'");
    }

    [Fact]
    public void TheCheckCommand_PrintsTheTemplatesProblems_AndFails()
    {
        using var content = TempContent.CopyOfShipped().Write(EmailTemplate.ResultFile, "---\nsubject: Hi\n---\nNo link here.\n");
        using var output = new StringWriter();

        var exit = ContentCheckCommand.Run(["check", content.Root], output);

        exit.Should().Be(1);
        output.ToString().Should().Contain($"{content.Root}/emails/result.md:4:1: error: the body must hold {{{{result-link}}}}");
    }

    [Fact]
    public void BrokenTemplate_KeepsTheLastGoodOne_OnReload()
    {
        using var content = TempContent.CopyOfShipped();
        var first = ContentLoader.Load(content.Root);
        content.Write(EmailTemplate.ResultFile, "---\nsubject: {{nope}}\n---\n[x]({{result-link}})\n");

        var second = ContentLoader.Load(content.Root, previous: first);

        second.ResultEmail.Should().BeSameAs(first.ResultEmail);
        second.Files.Single(f => f.Path == EmailTemplate.ResultFile).Serving.Should().Be(FileServing.LastGood);
    }

    [Fact]
    public void ResultLink_StandingInTheText_BecomesALink_AndValuesCannotMakeOne()
    {
        using var content = TempContent.CopyOfShipped().Write(EmailTemplate.ResultFile,
            "---\nsubject: For {{prospect-name}}\n---\nHi {{prospect-name}}. Open {{result-link}} or <{{result-link}}>.\n");
        var template = ContentLoader.Load(content.Root).ResultEmail!;

        var message = template.Render(Sample with { ProspectName = "www.evil.example <https://evil.example> ![x](https://evil.example/x.png)" }, "Decisioner");

        message.Html.Should().Contain("Hi www.evil.example &lt;https://evil.example&gt; ![x](https://evil.example/x.png). Open <a href=\"https://decisioner.example/quiz/q/result?a=1&amp;b=2\">https://decisioner.example/quiz/q/result?a=1&amp;b=2</a> or <a href=\"https://decisioner.example/quiz/q/result?a=1&amp;b=2\">");
        message.Html.Should().NotContain("href=\"https://evil").And.NotContain("<img");
        message.Text.Should().Be("Hi www.evil.example <https://evil.example> ![x](https://evil.example/x.png). Open https://decisioner.example/quiz/q/result?a=1&b=2 or https://decisioner.example/quiz/q/result?a=1&b=2.\n");
        message.Subject.Should().Be("For www.evil.example <https://evil.example> ![x](https://evil.example/x.png)");
    }

    private static string[] Check(string template)
    {
        using var content = TempContent.CopyOfShipped().Write(EmailTemplate.ResultFile, template + "\n");
        return [.. ContentLoader.Load(content.Root).Files.Single(f => f.Path == EmailTemplate.ResultFile).Diagnostics
            .OrderBy(d => d.Line).ThenBy(d => d.Column).Select(d => d.ToString())];
    }
}
