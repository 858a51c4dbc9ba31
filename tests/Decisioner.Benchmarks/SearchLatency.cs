using System.Diagnostics;
using System.Globalization;
using Decisioner.Core.Search;

namespace Decisioner.Benchmarks;

/// <summary>The tail latency of single searches on the shipped guides: the target is p99 within 5 ms.</summary>
internal static class SearchLatency
{
    /// <summary>A typo, a plural, several words, short and long, and hostile text.</summary>
    public static readonly string[] Queries =
    [
        "fine tunning", "embeddings", "prompt caching cost", "how many examples for fine-tuning", "title:(a OR \"b",
        new string('x', 5000), "retreival", "lost in the middle", "rubric", "held out set",
    ];

    public static void Run(TextWriter output)
    {
        using var search = new SiteSearch(Shipped.Content.Guides);
        for (var i = 0; i < 2_000; i++)
        {
            search.Search(Queries[i % Queries.Length]);
        }

        var times = new double[20_000];
        var clock = new Stopwatch();
        for (var i = 0; i < times.Length; i++)
        {
            clock.Restart();
            search.Search(Queries[i % Queries.Length]);
            times[i] = clock.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{times.Length:N0} searches over {search.SectionCount} sections: p50 {times[times.Length / 2]:0.000} ms, p99 {times[(int)(times.Length * 0.99)]:0.000} ms, worst {times[^1]:0.000} ms"));
    }
}
