using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace Decisioner.Web.Diagnostics;

/// <summary>
/// Listens to the runtime's tiered-compilation events: the background compiler's batches of hot methods
/// recompiled at full optimisation.
/// </summary>
internal sealed class TierUpWatcher : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    // The runtime's CompilationKeyword; the background compiler's start and stop events are written at Verbose.
    private const EventKeywords CompilationKeyword = (EventKeywords)0x1000000000;
    private long _promoted;
    private int _running;

    /// <summary>Methods recompiled since the last call.</summary>
    public long TakePromoted() => Interlocked.Exchange(ref _promoted, 0);

    /// <summary>
    /// Waits while the background compiler is working through a batch (at most <paramref name="limit"/>). Methods
    /// still counting their calls wait for more calls, which only the next round brings, so those are not waited for.
    /// </summary>
    public async Task IdleAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < limit && Volatile.Read(ref _running) == 1)
        {
            await Task.Delay(50, cancellationToken);
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeSource)
        {
            EnableEvents(eventSource, EventLevel.Verbose, CompilationKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        switch (eventData.EventName)
        {
            case "TieredCompilationBackgroundJitStart":
                Volatile.Write(ref _running, 1);
                break;
            case "TieredCompilationBackgroundJitStop":
                Interlocked.Add(ref _promoted, Payload(eventData, "JittedMethodCount"));
                Volatile.Write(ref _running, 0);
                break;
        }
    }

    private static long Payload(EventWrittenEventArgs eventData, string name)
    {
        var index = eventData.PayloadNames?.IndexOf(name) ?? -1;
        return index >= 0 && eventData.Payload?[index] is { } value ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : 0;
    }
}
