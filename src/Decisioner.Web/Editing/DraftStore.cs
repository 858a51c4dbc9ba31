using Decisioner.Core.Content;
using Decisioner.Web.Content;
using Decisioner.Web.Data;
using Decisioner.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace Decisioner.Web.Editing;

/// <summary>A file as an editor opens it: the draft if they have one, else the file on disk.</summary>
public sealed record OpenedFile(string Path, string Text, string? BaseHash, string? BaseText, ContentDraft? Draft, bool Exists);

/// <summary>
/// Editors' drafts, one per editor and file, kept in the database until published or thrown away. A draft is
/// never served; other editors may read it by id (a shared preview link).
/// </summary>
public sealed class DraftStore(IServiceScopeFactory scopes, ContentStore content, TimeProvider time, AuditTrail audit)
{
    /// <summary>The editor's draft of the file if there is one, otherwise the file as it is on disk (null text for no file).</summary>
    public async Task<OpenedFile> OpenAsync(Editor editor, string path, CancellationToken cancellation = default)
    {
        var disk = ReadDisk(path);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SiteDbContext>();
        var draft = await db.ContentDrafts.AsNoTracking().FirstOrDefaultAsync(d => d.OwnerId == editor.Id && d.Path == path, cancellation);
        return draft is not null
            ? new OpenedFile(path, draft.Text, draft.BaseHash, draft.BaseText, draft, disk is not null)
            : new OpenedFile(path, disk ?? "", disk is null ? null : TextHash.Of(disk), disk, null, disk is not null);
    }

    /// <summary>Saves the editor's draft of a file; the base is kept from when the draft began.</summary>
    public async Task<ContentDraft> SaveAsync(Editor editor, string path, string text, string? baseHash, string? baseText, CancellationToken cancellation = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SiteDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var draft = await db.ContentDrafts.FirstOrDefaultAsync(d => d.OwnerId == editor.Id && d.Path == path, cancellation);
        var isNew = draft is null;
        if (draft is null)
        {
            draft = new ContentDraft { Id = Guid.NewGuid(), OwnerId = editor.Id, Path = path, CreatedAt = now, BaseHash = baseHash, BaseText = baseText };
            db.ContentDrafts.Add(draft);
        }

        draft.Text = text;
        draft.UpdatedAt = now;
        draft.Version = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(cancellation);
        }
        catch (DbUpdateException) when (isNew)
        {
            // The page and its script saved the first draft at the same moment: the other one is in; update it.
            db.ChangeTracker.Clear();
            var existing = await db.ContentDrafts.FirstAsync(d => d.OwnerId == editor.Id && d.Path == path, cancellation);
            existing.Text = text;
            existing.UpdatedAt = now;
            existing.Version = Guid.NewGuid();
            await db.SaveChangesAsync(cancellation);
            return existing;
        }
        if (isNew)
        {
            audit.Record(AuditEvents.DraftStarted, editor.Name, path);
        }

        return draft;
    }

    /// <summary>Throws the editor's draft of a file away (after publishing, or on request).</summary>
    public async Task DiscardAsync(Editor editor, string path, CancellationToken cancellation = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SiteDbContext>();
        var removed = await db.ContentDrafts.Where(d => d.OwnerId == editor.Id && d.Path == path).ExecuteDeleteAsync(cancellation);
        if (removed > 0)
        {
            audit.Record(AuditEvents.DraftDiscarded, editor.Name, path);
        }
    }

    /// <summary>A draft by id, for a shared preview; any editor may read it.</summary>
    public async Task<(ContentDraft Draft, string? OwnerName)?> FindAsync(Guid id, CancellationToken cancellation = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SiteDbContext>();
        var found = await db.ContentDrafts.AsNoTracking()
            .Where(d => d.Id == id)
            .Select(d => new { Draft = d, Owner = db.Users.Where(u => u.Id == d.OwnerId).Select(u => u.UserName).FirstOrDefault() })
            .FirstOrDefaultAsync(cancellation);
        return found is null ? null : (found.Draft, found.Owner);
    }

    /// <summary>Every draft, newest first, with its owner's name: the workspace lists them (without their texts).</summary>
    public async Task<List<DraftListing>> ListAsync(CancellationToken cancellation = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SiteDbContext>();
        var rows = await db.ContentDrafts.AsNoTracking()
            .Select(d => new DraftListing(d.Id, d.Path, db.Users.Where(u => u.Id == d.OwnerId).Select(u => u.UserName).FirstOrDefault(), d.UpdatedAt))
            .ToListAsync(cancellation);
        return [.. rows.OrderByDescending(r => r.UpdatedAt)];
    }

    /// <summary>The file's text on disk now, or null if there is no such file.</summary>
    public string? ReadDisk(string path)
    {
        var full = EditablePath.FullPath(content.Root, path);
        try
        {
            return File.Exists(full) ? File.ReadAllText(full) : null;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}

/// <summary>A draft as the workspace lists it: which file, whose, and when it was last saved.</summary>
public sealed record DraftListing(Guid Id, string Path, string? OwnerName, DateTime UpdatedAt);
