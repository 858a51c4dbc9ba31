using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Decisioner.Web.Tests.Mail;

/// <summary>
/// A real SMTP server in the test process (the SmtpServer package) on a loopback port, keeping every
/// message that arrives, parsed with MimeKit. It can be stopped and started again on the same port, as a
/// mail server that goes away and comes back.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly Store _store = new();
    private SmtpServer.SmtpServer? _server;
    private CancellationTokenSource? _stop;
    private Task? _running;

    private TestSmtpServer(int port) => Port = port;

    public int Port { get; }

    /// <summary>Every message that arrived, in order.</summary>
    public IReadOnlyList<MimeMessage> Messages => [.. _store.Messages];

    /// <summary>The settings that point a site at this server.</summary>
    public Dictionary<string, string> Settings => new()
    {
        ["Email:Host"] = "127.0.0.1",
        ["Email:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Security"] = "None",
        ["Email:FromAddress"] = "desk@example.org",
        ["Email:FromName"] = "Admissions desk",
        ["Email:PollSeconds"] = "0.1",
        ["Email:TimeoutSeconds"] = "5",
    };

    /// <summary>A server on a free loopback port, started.</summary>
    public static async Task<TestSmtpServer> StartAsync()
    {
        var server = new TestSmtpServer(FreePort());
        await server.StartAgainAsync();
        return server;
    }

    public async Task StartAgainAsync()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(_store);
        services.Add(new RefuseNobody());
        _server = new SmtpServer.SmtpServer(options, services);
        _stop = new CancellationTokenSource();
        _running = _server.StartAsync(_stop.Token);

        // Listening once a connection is taken (the server binds on a background task).
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }
    }

    /// <summary>Stops listening and drops open sessions: the server is down until <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_server is null)
        {
            return;
        }

        _stop!.Cancel();
        try
        {
            await _running!;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _server = null;
    }

    /// <summary>Waits, up to <see cref="Patience"/>, for at least <paramref name="count"/> messages.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(int count)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (_store.Messages.Count < count)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, $"{count} message(s) should have arrived; {_store.Messages.Count} did");
            await Task.Delay(20);
        }

        return Messages;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Like a real server, refuses an address it has no mailbox for: <see cref="Refused"/>.</summary>
    public const string Refused = "nobody@example.org";

    private sealed class RefuseNobody : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, SmtpServer.Mail.IMailbox to, SmtpServer.Mail.IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!string.Equals($"{to.User}@{to.Host}", Refused, StringComparison.OrdinalIgnoreCase));
    }

    private sealed class Store : MessageStore
    {
        public ConcurrentQueue<MimeMessage> Messages { get; } = new();

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            Messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}

/// <summary>The system clock, moved forward by a test: timers run as usual, and "now" can jump past a backoff.</summary>
public sealed class MovableClock : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));
}

/// <summary>Waits for a condition with a deadline, never for a fixed time.</summary>
internal static class Eventually
{
    public static async Task<T> WaitAsync<T>(Func<Task<T>> read, Func<T, bool> done, string because)
    {
        var deadline = DateTime.UtcNow + TestSmtpServer.Patience;
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            DateTime.UtcNow.Should().BeBefore(deadline, because);
            await Task.Delay(20);
        }
    }
}
