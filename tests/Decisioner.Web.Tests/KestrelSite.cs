namespace Decisioner.Web.Tests;

/// <summary>
/// The site on a real Kestrel on a free port, for tests about what the in-memory test server does not do
/// (body limits, paths sent byte for byte).
/// </summary>
public sealed class KestrelSite : IDisposable
{
    public KestrelSite()
    {
        Factory.UseKestrel(0);
        Factory.StartServer();
        Client = Factory.CreateClient();
    }

    public SiteFactory Factory { get; } = new();

    public HttpClient Client { get; }

    public void Dispose() => Factory.Dispose();
}
