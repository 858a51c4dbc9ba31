using System.ComponentModel.DataAnnotations;
using System.Threading.Channels;
using Decisioner.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Decisioner.Web.Staff;

/// <summary>The configuration section <c>Audit</c>.</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>Audit lines older than this many days are deleted (checked hourly).</summary>
    [Range(1, 36500, ErrorMessage = "Audit:RetentionDays must be between {1} and {2} days.")]
    public int RetentionDays { get; set; } = 400;

    /// <summary>Keep the client address with each line. Off by default: an address is personal data.</summary>
    public bool RecordAddresses { get; set; }
}

/// <summary>The events the audit trail records, with the words the audit page shows for them.</summary>
public static class AuditEvents
{
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string SignOut = "sign-out";
    public const string Lockout = "lockout";
    public const string PasswordChanged = "password-changed";
    public const string PasskeyAdded = "passkey-added";
    public const string PasskeyRemoved = "passkey-removed";
    public const string AccountAdded = "account-added";
    public const string AccountRemoved = "account-removed";
    public const string RoleChanged = "role-changed";
    public const string AccountUnlocked = "account-unlocked";
    public const string SignedOutEverywhere = "signed-out-everywhere";
    public const string FiguresDownloaded = "figures-downloaded";
    public const string AuditDownloaded = "audit-downloaded";
    public const string DeskSaved = "desk-saved";
    public const string DeskViewed = "desk-viewed";
    public const string DeskNoteAdded = "desk-note-added";
    public const string DeskUpdated = "desk-updated";
    public const string DeskExported = "desk-exported";
    public const string DeskErased = "desk-erased";
    public const string DeskResultSent = "desk-result-sent";
    public const string DraftStarted = "draft-started";
    public const string DraftDiscarded = "draft-discarded";
    public const string ContentPublished = "content-published";
    public const string ContentRestored = "content-restored";
    public const string MediaUploaded = "media-uploaded";

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [SignIn] = "Signed in",
        [SignInFailed] = "Sign-in refused",
        [SignOut] = "Signed out",
        [Lockout] = "Locked after failed sign-ins",
        [PasswordChanged] = "Password changed",
        [PasskeyAdded] = "Passkey added",
        [PasskeyRemoved] = "Passkey removed",
        [AccountAdded] = "Account added",
        [AccountRemoved] = "Account removed",
        [RoleChanged] = "Role changed",
        [AccountUnlocked] = "Account unlocked",
        [SignedOutEverywhere] = "Signed out everywhere",
        [FiguresDownloaded] = "Quiz figures downloaded (CSV)",
        [AuditDownloaded] = "Audit trail downloaded (CSV)",
        [DeskSaved] = "Desk session saved",
        [DeskViewed] = "Desk session viewed",
        [DeskNoteAdded] = "Desk note added",
        [DeskUpdated] = "Desk status or follow-up changed",
        [DeskExported] = "Desk sessions exported (CSV)",
        [DeskErased] = "Desk prospect erased",
        [DeskResultSent] = "Desk result sent to the prospect",
        [DraftStarted] = "Content draft started",
        [DraftDiscarded] = "Content draft thrown away",
        [ContentPublished] = "Content file published",
        [ContentRestored] = "Content file restored to an earlier version",
        [MediaUploaded] = "Image uploaded",
    };

    public static string Label(string name) => Labels.TryGetValue(name, out var label) ? label : name;
}

/// <summary>
/// The one writer of the audit trail. <see cref="Record"/> never waits for the database and never
/// throws: the line joins a queue in memory, and this service writes what is queued as soon as it can,
/// in one transaction per batch. If the database cannot take a batch, that batch is dropped and the log
/// says so once, until a write succeeds again (then with how many lines were lost), as the quiz
/// counters do. Lines older than <see cref="AuditOptions.RetentionDays"/> are deleted hourly, by the
/// instance that takes the hour's lease (<see cref="JobLeases"/>) when several share the database.
/// </summary>
public sealed partial class AuditTrail(
    IServiceScopeFactory scopes,
    JobLeases leases,
    IOptions<AuditOptions> options,
    TimeProvider time,
    ILogger<AuditTrail> logger) : BackgroundService
{
    /// <summary>Longest text kept in a field; longer is cut with an ellipsis.</summary>
    public const int TargetLength = 100;

    public const int DetailLength = 300;

    public static readonly TimeSpan PrunePeriod = TimeSpan.FromHours(1);

    // Bounded, so a database that stays away cannot make the queue grow without end: past this, lines are dropped and counted.
    private readonly Channel<AuditEvent> _queue = Channel.CreateBounded<AuditEvent>(new BoundedChannelOptions(10_000)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = false,
    });

    // One batch at a time: the loop's, and a caller's (tests, shutdown).
    private readonly SemaphoreSlim _writing = new(1, 1);
    private bool _failing;
    private long _lost;
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    /// <summary>Queues one line. Never throws, never waits; text is cut to length and control characters replaced.</summary>
    public void Record(string @event, string? actor, string? target, string? detail = null, HttpContext? http = null)
    {
        var line = new AuditEvent
        {
            At = time.GetUtcNow().UtcDateTime,
            Actor = Clean(actor, 256),
            Event = @event,
            Target = Clean(target, TargetLength),
            Detail = Clean(detail, DetailLength),
            Address = options.Value.RecordAddresses ? http?.Connection.RemoteIpAddress?.ToString() : null,
        };
        if (!_queue.Writer.TryWrite(line))
        {
            Interlocked.Increment(ref _lost);
        }
    }

    /// <summary>Writes everything queued now. Public for tests, which need the lines at once.</summary>
    public async Task FlushAsync(CancellationToken cancellation = default)
    {
        await _writing.WaitAsync(CancellationToken.None);
        try
        {
            await WriteQueuedAsync(cancellation);
        }
        finally
        {
            _writing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Wake for a new line, or after an hour to prune a quiet trail.
                using var hour = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                hour.CancelAfter(TimeSpan.FromHours(1));
                try
                {
                    await _queue.Reader.WaitToReadAsync(hour.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                }

                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: the last lines are written in StopAsync.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    private async Task WriteQueuedAsync(CancellationToken cancellation)
    {
        var batch = new List<AuditEvent>();
        while (batch.Count < 1000 && _queue.Reader.TryRead(out var line))
        {
            batch.Add(line);
        }

        try
        {
            if (batch.Count > 0)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<SiteDbContext>();
                db.AuditEvents.AddRange(batch);
                await db.SaveChangesAsync(cancellation);
            }

            var pruned = await PruneAsync(cancellation);
            // Back only once the database has taken something: a round with nothing to do proves nothing.
            if (_failing && (batch.Count > 0 || pruned))
            {
                _failing = false;
                var lost = Interlocked.Exchange(ref _lost, 0);
                LogResumed(logger, lost);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            Interlocked.Add(ref _lost, batch.Count);
            if (!_failing)
            {
                _failing = true;
                var reason = ex.GetBaseException().Message;
                LogFailing(logger, reason);
            }
        }

        // More than one batch was waiting: the loop comes straight back for the rest.
    }

    private async Task<bool> PruneAsync(CancellationToken cancellation)
    {
        var now = time.GetUtcNow();
        if (now - _lastPrune < PrunePeriod)
        {
            return false;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SiteDbContext>();
        if (await leases.TryTakeAsync(db, JobLeases.AuditPruning, PrunePeriod, cancellation))
        {
            var oldest = now.UtcDateTime.AddDays(-options.Value.RetentionDays);
            await db.AuditEvents.Where(e => e.At < oldest).ExecuteDeleteAsync(cancellation);
        }

        // Asked this hour; whichever instance took the lease has pruned. Either way the database answered.
        _lastPrune = now;
        return true;
    }

    /// <summary>Trimmed, cut to length, control characters (a NUL, a new line) replaced, so a line reads as one line anywhere.</summary>
    internal static string Clean(string? text, int length)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var cleaned = string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '\uFFFD' : source[i];
            }
        }).Trim();
        if (cleaned.Length <= length)
        {
            return cleaned;
        }

        // Never cut a surrogate pair in half.
        var cut = char.IsHighSurrogate(cleaned[length - 2]) ? length - 2 : length - 1;
        return cleaned[..cut] + "…";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit events cannot be written to the database ({Reason}). Requests are served as usual; events are dropped until it is back. (Logged once.)")]
    private static partial void LogFailing(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit events are written to the database again; {Lost} events were dropped while it could not be reached.")]
    private static partial void LogResumed(ILogger logger, long lost);
}
