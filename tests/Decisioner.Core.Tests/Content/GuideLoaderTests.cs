using Decisioner.Core.Content;

namespace Decisioner.Core.Tests.Content;

public sealed class GuideLoaderTests
{
    private const string FullFrontMatter = """
        ---
        title: RAG vs fine-tuning
        slug: rag-vs-ft
        summary: Which gap do you have?
        category: Learning track comparisons
        difficulty: Intermediate
        audience: [Developers, Learners, Leads]
        updated: 2026-05-12
        authors: [Curriculum team]
        reviewers: [Mentor team, Admissions]
        order: 3
        related: [other-guide]
        ---

        ## Quick take

        Text.
        """;

    private static (Guide? Guide, DiagnosticList Diagnostics) Load(string text, string path = "guides/some-file.md")
    {
        var diagnostics = new DiagnosticList(path);
        return (GuideLoader.Load(path, text, diagnostics), diagnostics);
    }

    [Fact]
    public void Load_ReadsEveryFrontMatterField()
    {
        var (guide, diagnostics) = Load(FullFrontMatter);

        diagnostics.Items.Should().BeEmpty();
        guide.Should().NotBeNull();
        guide!.Title.Should().Be("RAG vs fine-tuning");
        guide.Slug.Should().Be("rag-vs-ft");
        guide.Summary.Should().Be("Which gap do you have?");
        guide.Category.Should().Be("Learning track comparisons");
        guide.Difficulty.Should().Be("Intermediate");
        guide.Audience.Should().Equal("Developers", "Learners", "Leads");
        guide.Updated.Should().Be(new DateOnly(2026, 5, 12));
        guide.Authors.Should().Equal("Curriculum team");
        guide.Reviewers.Should().Equal("Mentor team", "Admissions");
        guide.Order.Should().Be(3);
        guide.Related.Should().Equal("other-guide");
        guide.Path.Should().Be("/guides/rag-vs-ft");
    }

    [Fact]
    public void Load_DefaultsSlugToFileNameAndOptionalFieldsToEmpty()
    {
        var (guide, diagnostics) = Load("---\ntitle: T\nsummary: S\nupdated: 2026-01-02\n---\n\nBody.\n", "guides/My-Guide.md");

        diagnostics.Items.Should().BeEmpty();
        guide!.Slug.Should().Be("my-guide");
        guide.Category.Should().BeEmpty();
        guide.Audience.Should().BeEmpty();
        guide.Authors.Should().BeEmpty();
        guide.Related.Should().BeEmpty();
        guide.Order.Should().Be(int.MaxValue);
    }

    [Fact]
    public void Load_MalformedYaml_IsAnErrorAtTheFileLineOfTheProblem()
    {
        // Line 4 of the file has an unclosed quote.
        var (guide, diagnostics) = Load("---\ntitle: T\nsummary: S\nupdated: \"2026-01-02\nauthors: [a]\n---\nBody\n");

        guide.Should().BeNull();
        diagnostics.Items.Should().ContainSingle(d => d.IsError)
            .Which.Line.Should().BeInRange(4, 6);
    }

    [Fact]
    public void Load_MissingRequiredFields_AreErrorsNamingTheField()
    {
        var (guide, diagnostics) = Load("---\ntitle: T\n---\nBody\n");

        guide.Should().BeNull();
        diagnostics.Items.Where(d => d.IsError).Select(d => d.Message)
            .Should().Contain(m => m.Contains("'summary' is required")).And.Contain(m => m.Contains("'updated' is required"));
    }

    [Fact]
    public void Load_WrongTypes_AreErrorsAtTheValue()
    {
        var (guide, diagnostics) = Load("---\ntitle: T\nsummary: S\nupdated: 12/05/2026\norder: first\n---\nBody\n");

        guide.Should().BeNull();
        diagnostics.Items.Should().Contain(d => d.IsError && d.Line == 4 && d.Column == 10 && d.Message.Contains("YYYY-MM-DD"));
        diagnostics.Items.Should().Contain(d => d.IsError && d.Line == 5 && d.Message.Contains("whole number"));
    }

    [Fact]
    public void Load_WithoutFrontMatter_IsAnErrorOnLineOne()
    {
        var (guide, diagnostics) = Load("## Just markdown\n");

        guide.Should().BeNull();
        diagnostics.Items.Should().ContainSingle().Which.Should().Match<ContentDiagnostic>(d => d.IsError && d.Line == 1);
    }

    [Fact]
    public void Load_UnclosedFrontMatter_IsAnError()
    {
        var (guide, diagnostics) = Load("---\ntitle: T\n\n## Section\n");

        guide.Should().BeNull();
        diagnostics.Items.Should().ContainSingle(d => d.IsError && d.Message.Contains("never closed"));
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("Upper")]
    [InlineData("a--b")]
    [InlineData("has space")]
    public void Load_SlugThatIsNotLowerCaseWordsAndHyphens_IsAnError(string slug)
    {
        var (guide, diagnostics) = Load($"---\ntitle: T\nslug: \"{slug}\"\nsummary: S\nupdated: 2026-01-02\n---\nBody\n");

        guide.Should().BeNull();
        diagnostics.Items.Should().Contain(d => d.IsError && d.Line == 3 && d.Message.Contains("slug"));
    }

    [Fact]
    public void Load_UnknownKey_IsAWarningAndTheGuideStillLoads()
    {
        var (guide, diagnostics) = Load("---\ntitle: T\nsumary: typo\nsummary: S\nupdated: 2026-01-02\n---\nBody\n");

        guide.Should().NotBeNull();
        diagnostics.Items.Should().ContainSingle(d => !d.IsError && d.Line == 3 && d.Message.Contains("sumary"));
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData("One two three.", 1)]
    [InlineData("- * # | --- :::", 1)]
    public void ReadingMinutes_IsAtLeastOne_AndCountsOnlyWords(string body, int minutes) =>
        GuideLoader.ReadingMinutes(body).Should().Be(minutes);

    [Fact]
    public void ReadingMinutes_AreWordsOverTwoHundred_RoundedUp()
    {
        GuideLoader.ReadingMinutes(string.Join(' ', Enumerable.Repeat("word", 200))).Should().Be(1);
        GuideLoader.ReadingMinutes(string.Join('\n', Enumerable.Repeat("word", 201))).Should().Be(2);
        GuideLoader.ReadingMinutes(string.Join(" | ", Enumerable.Repeat("word", 1000))).Should().Be(5, "table pipes are not words");
    }
}
