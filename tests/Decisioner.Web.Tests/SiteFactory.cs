using Decisioner.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Decisioner.Web.Tests;

/// <summary>
/// The real ASP.NET Core pipeline over a chosen content folder. Production environment, so tests see
/// what visitors see (friendly error pages, no developer exception page).
/// </summary>
public sealed class SiteFactory(string contentRoot, IDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    /// <summary>The site over the repository's shipped content.</summary>
    public SiteFactory()
        : this(TestPaths.Content)
    {
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // Settings given here win over appsettings.json, so the site reads exactly this folder.
        builder.UseSetting("Content:Root", contentRoot);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
    }
}
