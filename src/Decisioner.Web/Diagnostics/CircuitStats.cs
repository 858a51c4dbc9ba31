using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Decisioner.Web.Diagnostics;

/// <summary>Counts open interactive circuits: one per open quiz page, the only interactive page.</summary>
public sealed class CircuitStats
{
    private int _open;

    public int Open => Volatile.Read(ref _open);

    internal void Opened() => Interlocked.Increment(ref _open);

    internal void Closed() => Interlocked.Decrement(ref _open);
}

internal sealed class CircuitCounter(CircuitStats stats) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        stats.Opened();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        stats.Closed();
        return Task.CompletedTask;
    }
}
