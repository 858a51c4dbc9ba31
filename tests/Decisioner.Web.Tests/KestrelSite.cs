namespace Decisioner.Web.Tests;

/// <summary>
/// The site on a real Kestrel on a free port, for tests about what the in-memory test server does not do
/// (body limits, paths sent byte for byte, the client's address).
/// </summary>
public sealed class KestrelSite : IDisposable
{
    public KestrelSite()
        : this(null)
    {
    }

    /// <summary>The site with these settings (as <see cref="SiteFactory"/> takes them) on a real Kestrel.</summary>
    internal KestrelSite(IDictionary<string, string>? settings)
    {
        Factory = new SiteFactory(Decisioner.Tests.TestPaths.Content, settings);
        Factory.UseKestrel(0);
        Factory.StartServer();
        Client = Factory.CreateClient();
    }

    public SiteFactory Factory { get; }

    public HttpClient Client { get; }

    public void Dispose() => Factory.Dispose();
}
