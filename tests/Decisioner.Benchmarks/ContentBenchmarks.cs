using BenchmarkDotNet.Attributes;
using Decisioner.Core.Content;
using Decisioner.Tests;

namespace Decisioner.Benchmarks;

/// <summary>What a saved edit costs before it is visible: loading the whole folder, and rendering the longest guide.</summary>
[MemoryDiagnoser]
public class ContentBenchmarks
{
    private string _guide = "";
    private ContentSnapshot _previous = default!;

    [GlobalSetup]
    public void Setup()
    {
        _guide = File.ReadAllText(Path.Combine(TestPaths.Content, "guides", "rag-vs-fine-tuning.md"));
        _previous = ContentLoader.Load(TestPaths.Content);
    }

    [Benchmark(Description = "Load the content folder (parse, render, validate)")]
    public ContentSnapshot LoadFolder() => ContentLoader.Load(TestPaths.Content, previous: _previous);

    [Benchmark(Description = "Render the RAG vs fine-tuning guide (markdown to HTML)")]
    public RenderedMarkdown RenderGuide() => MarkdownRenderer.Render(_guide, "/guides/rag-vs-fine-tuning", new DiagnosticList("guides/rag-vs-fine-tuning.md"));
}
