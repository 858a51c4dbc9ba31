using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Decisioner.Web.Diagnostics;

/// <summary>
/// Ready only when the site can serve its own stylesheet: without it the pages are unstyled and the
/// quiz's script is missing too, which a load balancer should hear about.
/// </summary>
public sealed class StaticAssetsReadyCheck(IWebHostEnvironment environment) : IHealthCheck
{
    public const string Probe = "app.css";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var file = environment.WebRootFileProvider.GetFileInfo(Probe);
        return Task.FromResult(file.Exists && file.Length > 0
            ? HealthCheckResult.Healthy("static assets found")
            : HealthCheckResult.Unhealthy($"'{Probe}' is missing under the web root '{environment.WebRootPath}' (content root '{environment.ContentRootPath}'): start the site from its folder or pass --contentRoot"));
    }
}
