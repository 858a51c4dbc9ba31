using BenchmarkDotNet.Running;
using Decisioner.Benchmarks;

// dotnet run -c Release --project tests/Decisioner.Benchmarks -- --filter '*'
// CI runs every benchmark once with '--job Dry', so they keep building and running; a benchmark that
// fails to build or throws makes the run fail.
// dotnet run -c Release --project tests/Decisioner.Benchmarks -- search-latency
// times 20,000 single searches one by one and prints p50, p99 and the worst (BenchmarkDotNet reports
// means of batches, not the tail of single queries).
if (args is ["search-latency", ..])
{
    SearchLatency.Run(Console.Out);
    return 0;
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
var failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
return failed ? 1 : 0;
