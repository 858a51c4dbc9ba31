using Decisioner.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Decisioner.Web.Tests;

/// <summary>
/// The real ASP.NET Core pipeline over a chosen content folder. Production environment, so tests see
/// what visitors see (friendly error pages, no developer exception page). Each site has its own SQLite
/// file in a temporary data folder (a real file, deleted with the site), unless the settings name one.
/// </summary>
public sealed class SiteFactory(string contentRoot, IDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    private readonly TempContent _data = TempContent.Empty();

    /// <summary>The data folder this site's SQLite file is in.</summary>
    public string DataFolder => _data.Root;

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
        builder.UseSetting("Database:DataFolder", _data.Root);
        // Tests sign in many times over from one in-process client; the sign-in limits have tests of their own.
        builder.UseSetting("Limits:SignInPerAddress", "10000");
        builder.UseSetting("Limits:SignInPerAccount", "10000");
        // The warm-up before ready has tests of its own (WarmUpTests); elsewhere, a site on a real Kestrel would
        // spend the test busy requesting its own pages.
        builder.UseSetting("WarmUp:Enabled", "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            _data.Dispose();
        }
    }
}

/// <summary>One site over the shipped content, shared by the tests of a class.</summary>
public sealed class ShippedSite : IDisposable
{
    public SiteFactory Factory { get; } = new();

    public void Dispose() => Factory.Dispose();
}

/// <summary>A real <see cref="Decisioner.Web.Content.ContentStore"/> over a folder, for component tests.</summary>
internal static class TestContentStore
{
    public static Decisioner.Web.Content.ContentStore For(string root) => new(
        Microsoft.Extensions.Options.Options.Create(new Decisioner.Web.Content.ContentOptions { Root = root, Watch = false }),
        new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { ContentRootPath = root },
        Microsoft.Extensions.Logging.Abstractions.NullLogger<Decisioner.Web.Content.ContentStore>.Instance,
        TimeProvider.System);
}
