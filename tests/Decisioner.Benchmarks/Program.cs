using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Decisioner.Benchmarks -- --filter '*'
// CI runs every benchmark once with '--job Dry', so they keep building and running; a benchmark that
// fails to build or throws makes the run fail.
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
var failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
return failed ? 1 : 0;
