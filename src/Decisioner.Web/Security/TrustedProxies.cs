using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Decisioner.Web.Security;

/// <summary>
/// The configuration section <c>ForwardedHeaders</c>: the reverse proxies and load balancers whose
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> the site believes. Empty by default, so no one's
/// are believed: any client can write those headers, and believing them from anyone would let a
/// script give itself a fresh address, and a fresh allowance of every limit, with each request
/// (docs/operations.md). Each list is given one entry per key (<c>ForwardedHeaders:KnownProxies:0</c>,
/// <c>:1</c> ...) or as one comma-separated value (<c>ForwardedHeaders__KnownProxies=10.0.0.5,10.0.0.6</c>).
/// Checked at start: an entry that is not an address or a network stops the site with a line naming its key.
/// </summary>
public sealed class ForwardedHeadersSettings : IValidatableObject
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Addresses of the proxies in front of the site, such as <c>10.0.0.5</c> or <c>2001:db8::5</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks the proxies are in, in CIDR form, such as <c>10.0.0.0/24</c> or <c>2001:db8::/64</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>Whether any proxy is trusted at all; when none is, the forwarded-headers middleware is not in the pipeline.</summary>
    public bool TrustsAny => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in KnownProxies.Where(p => !TryParseAddress(p, out _)))
        {
            yield return new ValidationResult(
                $"{Section}:{nameof(KnownProxies)} has '{proxy}', which is not an IP address (such as 10.0.0.5 or 2001:db8::5).", [nameof(KnownProxies)]);
        }

        foreach (var network in KnownNetworks.Where(n => !TryParseNetwork(n, out _)))
        {
            yield return new ValidationResult(
                $"{Section}:{nameof(KnownNetworks)} has '{network}', which is not a network in CIDR form (such as 10.0.0.0/24 or 2001:db8::/64).", [nameof(KnownNetworks)]);
        }
    }

    /// <summary>
    /// An address written in full: four parts for IPv4, since the parser would read "10.0.0" as 10.0.0.0
    /// and "10" as 0.0.0.10, and a typo would trust some other machine.
    /// </summary>
    internal static bool TryParseAddress(string text, out IPAddress address) =>
        IPAddress.TryParse(text.Trim(), out address!)
        && (address.AddressFamily == AddressFamily.InterNetworkV6 || text.Count(c => c == '.') == 3);

    internal static bool TryParseNetwork(string text, out System.Net.IPNetwork network)
    {
        network = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && TryParseAddress(text[..slash], out _) && System.Net.IPNetwork.TryParse(text.Trim(), out network);
    }
}

/// <summary>
/// Forwarded headers the framework's way (<see cref="ForwardedHeadersOptions"/> and
/// <c>UseForwardedHeaders</c>), from the proxies in <see cref="ForwardedHeadersSettings"/> only.
/// Behind one of them, the rate limits, the circuit cap, the sign-in throttle and the audit trail see
/// the visitor's address, and HSTS and links see the visitor's scheme.
/// </summary>
public static class TrustedProxies
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersSettings>()
            .BindConfiguration(ForwardedHeadersSettings.Section)
            .Configure<IConfiguration>(ReadOneLineLists)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((forwarded, settings) =>
        {
            // The framework trusts loopback out of the box; here only what is configured is trusted. With
            // nothing configured, nothing is read either, even if ASPNETCORE_FORWARDEDHEADERS_ENABLED adds the
            // middleware, since that setting empties both lists, which the middleware takes as "trust anyone".
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            var trusted = settings.Value;
            if (!trusted.TrustsAny)
            {
                forwarded.ForwardedHeaders = ForwardedHeaders.None;
                return;
            }

            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Every hop that is a known proxy is stepped back over (a CDN in front of the balancer, say); the
            // first address that is not one is the visitor. Safe without a limit because the lists are never empty here.
            forwarded.ForwardLimit = null;
            // Every entry parses: the settings were validated at start.
            foreach (var proxy in trusted.KnownProxies)
            {
                if (ForwardedHeadersSettings.TryParseAddress(proxy, out var address))
                {
                    forwarded.KnownProxies.Add(address);
                }
            }

            foreach (var network in trusted.KnownNetworks)
            {
                if (ForwardedHeadersSettings.TryParseNetwork(network, out var parsed))
                {
                    forwarded.KnownIPNetworks.Add(parsed);
                }
            }
        });
        return services;
    }

    /// <summary>First in the pipeline, so everything after it sees the visitor; absent when no proxy is trusted.</summary>
    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app)
    {
        var trusted = app.ApplicationServices.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value;
        return trusted.TrustsAny ? app.UseForwardedHeaders() : app;
    }

    /// <summary>
    /// A list given as one value (an environment variable, mostly) is not bound by the configuration binder,
    /// which would leave it silently empty: it is read here as comma-separated entries.
    /// </summary>
    private static void ReadOneLineLists(ForwardedHeadersSettings settings, IConfiguration configuration)
    {
        var section = configuration.GetSection(ForwardedHeadersSettings.Section);
        Add(settings.KnownProxies, section[nameof(ForwardedHeadersSettings.KnownProxies)]);
        Add(settings.KnownNetworks, section[nameof(ForwardedHeadersSettings.KnownNetworks)]);

        static void Add(List<string> list, string? oneLine)
        {
            if (!string.IsNullOrWhiteSpace(oneLine))
            {
                list.AddRange(oneLine.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            }
        }
    }
}
