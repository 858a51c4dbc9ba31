using System.Globalization;
using Decisioner.Core.Content;
using Decisioner.Web.Content;
using Decisioner.Web.Data;
using Decisioner.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Decisioner.Web.Editing;

/// <summary>
/// What an editor asks to publish. <see cref="BaseHash"/> is the hash of the file when they opened it (null for a
/// new file) and <see cref="BaseText"/> its text, for a three-way comparison if the file has moved on since.
/// </summary>
public sealed record PublishRequest(
    string Path,
    string Text,
    string? BaseHash,
    string? BaseText,
    string? Note,
    bool AddToChanges,
    bool ConfirmChanges,
    long? RestoredFrom = null);

public abstract record PublishOutcome;

/// <summary>Written, reloaded and recorded.</summary>
public sealed record Published(ContentVersion Version) : PublishOutcome;

/// <summary>Not written: a reason, and the problems with their line and column.</summary>
public sealed record Refused(string Reason, IReadOnlyList<ContentDiagnostic> Problems) : PublishOutcome;

/// <summary>
/// Not written yet: personas would get a different result, or answer sets would break a rule of the quiz contract
/// (the count and a few examples); publishing again with confirmation goes ahead.
/// </summary>
public sealed record NeedsConfirmation(IReadOnlyList<PersonaShift> Changes, long ViolationCount, IReadOnlyList<ContentDiagnostic> Violations) : PublishOutcome;

/// <summary>Not written: the file changed on disk since it was opened. Base, this draft and the file now, for a three-way view.</summary>
public sealed record Conflict(string? Base, string Mine, string? Theirs) : PublishOutcome;

/// <summary>
/// Publishes a content file from the browser: checks the text with the rest of the content (errors refuse;
/// changed persona results ask for confirmation), refuses to overwrite a file that changed since it was opened,
/// writes it atomically so the running site reloads it, keeps every version in the database with who, when and
/// why, adds the reader-facing change note when asked, commits when the content folder is a git repository,
/// and records an audit event. Publishes run one at a time, in this process and across instances (PublishLease).
/// </summary>
public sealed partial class ContentPublisher(
    IServiceScopeFactory scopes,
    ContentStore content,
    DraftCheck check,
    ContentGit git,
    PublishLease lease,
    AuditTrail audit,
    TimeProvider time,
    ILogger<ContentPublisher> logger) : IDisposable
{
    private const string DatabaseAway = "Not published: the file's history could not be recorded, because the database did not answer. Your draft is kept; try again in a moment.";

    private readonly SemaphoreSlim _one = new(1, 1);

    public void Dispose() => _one.Dispose();

    public async Task<PublishOutcome> PublishAsync(Editor editor, PublishRequest request, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(editor);
        ArgumentNullException.ThrowIfNull(request);
        if (!EditablePath.TryParse(request.Path, out var path))
        {
            return new Refused(EditablePath.Reason, []);
        }

        var note = (request.Note ?? "").Trim();
        if (note.Length == 0 || note.Length > EditingLimits.Note || note.Any(char.IsControl))
        {
            return new Refused($"Say in one line (at most {EditingLimits.Note} characters) what changed: it goes into the file's history.", []);
        }

        if (request.Text.Length > EditingLimits.Text)
        {
            return new Refused($"The text is longer than {EditingLimits.Text:N0} characters; split it into more than one guide.", []);
        }

        await _one.WaitAsync(cancellation);
        var leased = false;
        try
        {
            try
            {
                leased = await lease.TakeAsync(cancellation);
            }
            catch (Exception ex) when (DatabaseFault.Is(ex))
            {
                LogHistoryFailed(path, ex.Message);
                return new Refused(DatabaseAway, []);
            }

            if (!leased)
            {
                return new Refused("Not published: another instance of the site has been publishing for a while. Your draft is kept; try again in a moment.", []);
            }

            var full = EditablePath.FullPath(content.Root, path);
            var disk = File.Exists(full) ? await File.ReadAllTextAsync(full, cancellation) : null;
            var diskHash = disk is null ? null : TextHash.Of(disk);
            if (diskHash != request.BaseHash)
            {
                return new Conflict(request.BaseText, request.Text, disk);
            }

            var now = time.GetUtcNow();
            var text = request.AddToChanges && EditablePath.KindOf(path) == EditableKind.Guide
                ? ChangeEntry.Add(request.Text, DateOnly.FromDateTime(now.UtcDateTime), note)
                : request.Text;
            if (text == disk)
            {
                return new Refused("Nothing to publish: the text is the same as the file's.", []);
            }

            var preview = check.Preview(path, text);
            if (preview.HasErrors)
            {
                return new Refused("Fix the errors first; the file was not published.", [.. preview.Errors]);
            }

            // A change in what the quiz recommends is the editor's call, made twice: once to see it, once to confirm it.
            var impact = await check.ImpactAsync(preview);
            if (impact is { NeedsConfirmation: true } && !request.ConfirmChanges)
            {
                return new NeedsConfirmation(impact.Changed, impact.ViolationCount, impact.Violations);
            }

            var consequences = impact is null ? "" : string.Create(CultureInfo.InvariantCulture,
                $" ({impact.Changed.Count} persona result(s) changed{(impact.ViolationCount > 0 ? $", {impact.ViolationCount:N0} answer sets breaking a contract rule" : "")})");
            return await WriteAsync(editor, path, full, disk, text, note, consequences, request.RestoredFrom, now, cancellation);
        }
        finally
        {
            if (leased)
            {
                await lease.ReleaseAsync();
            }

            _one.Release();
        }
    }

    /// <summary>
    /// Records the version first, then writes the file: a publish the history cannot record does not happen, and a
    /// file that cannot be written takes its history line back. The commit, when there is one, is added after.
    /// </summary>
    private async Task<PublishOutcome> WriteAsync(
        Editor editor, string path, string full, string? disk, string text, string note, string consequences, long? restoredFrom, DateTimeOffset now, CancellationToken cancellation)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SiteDbContext>();
        var restored = restoredFrom is not null;
        var version = new ContentVersion
        {
            Path = path,
            Text = text,
            Hash = TextHash.Of(text),
            Kind = restored ? ContentVersion.Restored : ContentVersion.Published,
            Note = note,
            AuthorId = editor.Id,
            AuthorName = editor.Name,
            PublishedAt = now.UtcDateTime,
        };
        ContentVersion? found = null;
        try
        {
            // The text the file had before, if the history does not end with it (its first publish from the browser,
            // or a change made on disk since): kept, so this publish can be undone like any other.
            if (disk is not null)
            {
                var lastHash = await db.ContentVersions.Where(v => v.Path == path).OrderByDescending(v => v.Id).Select(v => v.Hash).FirstOrDefaultAsync(cancellation);
                if (lastHash != TextHash.Of(disk))
                {
                    found = new ContentVersion
                    {
                        Path = path,
                        Text = disk,
                        Hash = TextHash.Of(disk),
                        Kind = ContentVersion.Found,
                        Note = "The file as it was before this publish, written outside the browser.",
                        PublishedAt = now.UtcDateTime.AddTicks(-1),
                    };
                    db.ContentVersions.Add(found);
                    await db.SaveChangesAsync(cancellation);
                }
            }

            db.ContentVersions.Add(version);
            await db.SaveChangesAsync(cancellation);
        }
        catch (Exception ex) when (DatabaseFault.Is(ex))
        {
            LogHistoryFailed(path, ex.Message);
            return new Refused(DatabaseAway, []);
        }

        try
        {
            AtomicFile.Write(full, text);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogWriteFailed(path, ex.Message);
            db.ContentVersions.RemoveRange(found is null ? [version] : [version, found]);
            await db.SaveChangesAsync(CancellationToken.None);
            return new Refused("Not published: the site could not write the file (" + ex.Message + "). Your draft is kept; tell whoever runs the site.", []);
        }

        content.Reload();
        try
        {
            version.Commit = git.Commit(content.Root, path, editor.Name, editor.Email, note, now);
            await db.ContentDrafts.Where(d => d.OwnerId == editor.Id && d.Path == path).ExecuteDeleteAsync(CancellationToken.None);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex) when (DatabaseFault.Is(ex))
        {
            // Published and recorded; only the commit id or the draft's removal is missing.
            LogHistoryFailed(path, ex.Message);
        }

        audit.Record(restored ? AuditEvents.ContentRestored : AuditEvents.ContentPublished, editor.Name, path,
            (restored ? $"from version {restoredFrom}: " : "") + note + consequences);
        LogPublished(path, version.Hash, version.Id);
        return new Published(version);
    }

    /// <summary>Every recorded version of a file, newest first.</summary>
    public async Task<List<ContentVersion>> HistoryAsync(string path, CancellationToken cancellation = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SiteDbContext>();
        return await db.ContentVersions.AsNoTracking().Where(v => v.Path == path).OrderByDescending(v => v.Id).ToListAsync(cancellation);
    }

    public async Task<ContentVersion?> VersionAsync(long id, CancellationToken cancellation = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SiteDbContext>();
        return await db.ContentVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, cancellation);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Published {Path} ({Hash}) as version {Version}")]
    private partial void LogPublished(string path, string hash, long version);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record the history of {Path}: {Reason}")]
    private partial void LogHistoryFailed(string path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write {Path}: {Reason}")]
    private partial void LogWriteFailed(string path, string reason);
}
