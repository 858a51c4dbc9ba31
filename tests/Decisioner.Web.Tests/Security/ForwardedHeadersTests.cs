using System.ComponentModel.DataAnnotations;
using System.Net;
using Decisioner.Web.Security;

namespace Decisioner.Web.Tests.Security;

/// <summary>
/// Whose address the limits count: on a real Kestrel, so each request comes from a real socket address
/// (127.0.0.1 or ::1). The in-memory test server has no address at all, which the forwarded-headers
/// middleware would take as a trusted hop.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private const string Api = "/api/questionnaires";

    private static Dictionary<string, string> Settings(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string>
        {
            ["Limits:ApiPermitLimit"] = "2",
            ["Limits:ApiWindowSeconds"] = "300",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static async Task<HttpResponseMessage> SendAsync(KestrelSite site, string path, string? forwardedFor, string? forwardedProto = null, string? host = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (forwardedFor is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        }

        if (forwardedProto is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", forwardedProto);
        }

        if (host is not null)
        {
            request.Headers.Host = host;
        }

        return await site.Client.SendAsync(request);
    }

    private static async Task<HttpStatusCode> ApiAsync(KestrelSite site, string? forwardedFor) => (await SendAsync(site, Api, forwardedFor)).StatusCode;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WithNoProxyConfigured_AnyonesForwardedFor_IsIgnored_AndTheLimitKeysOnTheSocket(bool frameworkSwitchOn)
    {
        // ASPNETCORE_FORWARDEDHEADERS_ENABLED=true makes the host add the middleware trusting everyone; it must change nothing.
        using var site = new KestrelSite(frameworkSwitchOn ? Settings(("FORWARDEDHEADERS_ENABLED", "true")) : Settings());

        (await ApiAsync(site, "203.0.113.1")).Should().Be(HttpStatusCode.OK);
        (await ApiAsync(site, "203.0.113.2")).Should().Be(HttpStatusCode.OK);

        (await ApiAsync(site, "203.0.113.3")).Should().Be(HttpStatusCode.TooManyRequests, "three 'visitors' on one socket address share its allowance");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task BehindAConfiguredProxy_TwoVisitors_GetTwoAllowances(bool asAddresses)
    {
        // Loopback named as addresses in one value (as an environment variable gives a list), or as networks one key each (as a settings file does).
        using var site = new KestrelSite(asAddresses
            ? Settings(("ForwardedHeaders:KnownProxies", "127.0.0.1, ::1"))
            : Settings(("ForwardedHeaders:KnownNetworks:0", "127.0.0.0/8"), ("ForwardedHeaders:KnownNetworks:1", "::1/128")));

        (await ApiAsync(site, "203.0.113.1")).Should().Be(HttpStatusCode.OK);
        (await ApiAsync(site, "203.0.113.1")).Should().Be(HttpStatusCode.OK);
        (await ApiAsync(site, "203.0.113.1")).Should().Be(HttpStatusCode.TooManyRequests);

        (await ApiAsync(site, "203.0.113.2")).Should().Be(HttpStatusCode.OK, "another visitor behind the same proxy has an allowance of their own");
        (await ApiAsync(site, "198.51.100.9, 203.0.113.1")).Should().Be(HttpStatusCode.TooManyRequests,
            "what a visitor writes before the proxy adds their address is not believed: only the proxy's own entry is");
    }

    [Fact]
    public async Task AForgedHeader_FromAnAddressThatIsNotAProxy_IsIgnored()
    {
        // Proxies are configured, but the test's socket (loopback, which the framework trusts by default) is not one of them.
        using var site = new KestrelSite(Settings(("ForwardedHeaders:KnownProxies:0", "192.0.2.10"), ("ForwardedHeaders:KnownNetworks:0", "198.51.100.0/24")));

        (await ApiAsync(site, "203.0.113.1")).Should().Be(HttpStatusCode.OK);
        (await ApiAsync(site, "203.0.113.2")).Should().Be(HttpStatusCode.OK);

        (await ApiAsync(site, "203.0.113.3")).Should().Be(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task TheScheme_IsTakenFromATrustedProxyOnly()
    {
        using var behind = new KestrelSite(Settings(("ForwardedHeaders:KnownProxies", "127.0.0.1,::1")));
        using var exposed = new KestrelSite(Settings());

        // HSTS goes only over HTTPS (and not to localhost): a proxy that ends TLS says so in X-Forwarded-Proto.
        var proxied = await SendAsync(behind, "/", "203.0.113.1", "https", "decisioner.example");
        var forged = await SendAsync(exposed, "/", "203.0.113.1", "https", "decisioner.example");

        proxied.Headers.Contains("Strict-Transport-Security").Should().BeTrue();
        forged.Headers.Contains("Strict-Transport-Security").Should().BeFalse();
    }

    [Theory]
    [InlineData("10.0.0.5", null, true)]
    [InlineData("2001:db8::5", "2001:db8::/64", true)]
    [InlineData(null, "10.0.0.0/24", true)]
    [InlineData("10.0.0", null, false)]
    [InlineData("10", null, false)]
    [InlineData("proxy.example.org", null, false)]
    [InlineData(null, "10.0.0.0", false)]
    [InlineData(null, "10.0.0.0/33", false)]
    [InlineData(null, "10.0/8", false)]
    public void EachEntry_MustBeAnAddressOrANetwork(string? proxy, string? network, bool valid)
    {
        var settings = new ForwardedHeadersSettings
        {
            KnownProxies = proxy is null ? [] : [proxy],
            KnownNetworks = network is null ? [] : [network],
        };
        var results = new List<ValidationResult>();

        Validator.TryValidateObject(settings, new(settings), results, validateAllProperties: true).Should().Be(valid);

        if (!valid)
        {
            results.Single().ErrorMessage.Should().StartWith(proxy is null ? "ForwardedHeaders:KnownNetworks has '" : "ForwardedHeaders:KnownProxies has '");
        }
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies:0", "10.0.0", "ForwardedHeaders:KnownProxies has '10.0.0', which is not an IP address")]
    [InlineData("ForwardedHeaders:KnownProxies", "10.0.0.5,proxy.example.org", "ForwardedHeaders:KnownProxies has 'proxy.example.org', which is not an IP address")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.0.0.0", "ForwardedHeaders:KnownNetworks has '10.0.0.0', which is not a network in CIDR form")]
    public Task BadEntry_StopsTheStart_NamingTheKey(string key, string value, string message) =>
        new SettingsTests().BadValue_StopsTheStart_WithOneLineNamingTheKey(key, value, message);
}
