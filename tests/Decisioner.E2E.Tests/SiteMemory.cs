using System.Net.Http.Json;

namespace Decisioner.E2E.Tests;

/// <summary>The site's <c>/diagnostics/memory</c> endpoint, on when <c>Diagnostics:Enabled</c> is true.</summary>
internal sealed class SiteMemory(HttpClient http)
{
    public sealed record Reading(long GcHeapBytes, long WorkingSetBytes, int OpenCircuits);

    /// <summary>GC heap after a full collection, working set and open circuits.</summary>
    public async Task<Reading> MeasureAsync() => (await http.GetFromJsonAsync<Reading>("/diagnostics/memory"))!;

    /// <summary>
    /// A closed tab usually ends its circuit at once; one whose goodbye was lost is dropped when the
    /// retention period (one minute, see Program.cs) runs out, so wait up to a little longer than that.
    /// </summary>
    public async Task WaitForNoCircuitsAsync()
    {
        for (var i = 0; i < 90 && (await MeasureAsync()).OpenCircuits != 0; i++)
        {
            await Task.Delay(1000);
        }
    }
}
