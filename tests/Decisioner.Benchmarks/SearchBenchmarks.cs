using BenchmarkDotNet.Attributes;
using Decisioner.Core.Search;

namespace Decisioner.Benchmarks;

/// <summary>
/// Site search over the shipped guides: the mean cost of each kind of query, including a typo, a plural,
/// several words, and hostile text (Lucene syntax, a huge query). The target (p99 within 5 ms of single
/// queries) is measured by <see cref="SearchLatency"/>: BenchmarkDotNet reports means of batches.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PercentileConfig))]
public class SearchBenchmarks
{
    private SiteSearch _search = default!;

    [Params("fine tunning", "embeddings", "prompt caching cost", "how many examples for fine-tuning", "title:(a OR \"b", "x5000")]
    public string Query { get; set; } = "";

    [GlobalSetup]
    public void Setup() => _search = new SiteSearch(Shipped.Content.Guides);

    [GlobalCleanup]
    public void Cleanup() => _search.Dispose();

    [Benchmark(Description = "Search: one query, ranked hits with highlighted snippets")]
    public SearchResult Search() => _search.Search(Query == "x5000" ? new string('x', 5000) : Query);

    private sealed class PercentileConfig : BenchmarkDotNet.Configs.ManualConfig
    {
        public PercentileConfig() => AddColumn(BenchmarkDotNet.Columns.StatisticColumn.P95, BenchmarkDotNet.Columns.StatisticColumn.Max);
    }
}
