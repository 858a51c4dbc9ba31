using System.Net.Sockets;
using System.Text;

namespace Decisioner.Web.Tests.Security;

/// <summary>
/// Host headers no browser would send, written byte for byte to a real Kestrel (HttpClient would refuse to send
/// them): a 400, never a 500 from a page that builds its links from the host.
/// </summary>
public sealed class HostHeaderTests(KestrelSite site) : IClassFixture<KestrelSite>
{
    public static TheoryData<string> Hosts() => new()
    {
        new string('a', 3000),
        new string('a', 64) + ".example.org",
        "a..b",
        "-.example.org",
        "[::1",
        "exa_mple.org:80:80",
    };

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task AHostThatNamesNoPossibleHost_IsRefusedWith400_OnEveryKindOfPage(string host)
    {
        foreach (var path in new[] { "/", "/guides", "/quiz/rag-vs-fine-tuning/result?gap=behavior" })
        {
            (await StatusAsync(path, host)).Should().Be(400, "Host '{0}' on {1}", host.Length > 40 ? host[..40] + "..." : host, path);
        }
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    [InlineData("decisioner.example.org")]
    public async Task AnOrdinaryHost_GetsThePage(string host)
    {
        var port = site.Client.BaseAddress!.Port;
        (await StatusAsync("/", $"{host}:{port}")).Should().Be(200);
    }

    private async Task<int> StatusAsync(string path, string host)
    {
        var address = site.Client.BaseAddress!;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var status = await reader.ReadLineAsync() ?? "";
        return int.Parse(status.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
