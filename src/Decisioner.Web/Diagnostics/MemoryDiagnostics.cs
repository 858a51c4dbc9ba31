using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Decisioner.Web.Diagnostics;

/// <summary>
/// <c>/diagnostics/memory</c>, for the load and memory measurements only: it forces a full garbage
/// collection, so it is off unless <c>Diagnostics:Enabled</c> is true.
/// </summary>
public static class MemoryDiagnostics
{
    public static IServiceCollection AddCircuitStats(this IServiceCollection services) =>
        services.AddSingleton<CircuitStats>().AddScoped<CircuitHandler, CircuitCounter>();

    public static IEndpointRouteBuilder MapMemoryDiagnostics(this IEndpointRouteBuilder app)
    {
        app.MapGet("/diagnostics/memory", (CircuitStats circuits) =>
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            return TypedResults.Ok(new
            {
                gcHeapBytes = GC.GetTotalMemory(forceFullCollection: true),
                workingSetBytes = process.WorkingSet64,
                openCircuits = circuits.Open,
            });
        }).RequireAuthorization(Staff.StaffRoles.AdminPolicy);
        return app;
    }
}
