using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Decisioner.Web.Editing;

/// <summary>
/// One editor's unpublished text of one content file. Never served to the public; other editors can open it
/// read-only by its id (a shared preview link). <see cref="BaseHash"/> is the hash of the file as it was on
/// disk when the editor opened it (null for a file that did not exist, such as a new guide): publish
/// compares it with the file now, so a change made meanwhile is shown, not overwritten.
/// </summary>
public sealed class ContentDraft
{
    public Guid Id { get; set; }

    public string Path { get; set; } = "";

    public string OwnerId { get; set; } = "";

    public string Text { get; set; } = "";

    public string? BaseHash { get; set; }

    /// <summary>The file's text when the draft began: the common ancestor of a three-way comparison.</summary>
    public string? BaseText { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public Guid Version { get; set; }
}

/// <summary>
/// A published version of a content file: its whole text, so any version can be shown, compared with the one
/// before it and restored. <see cref="Kind"/> says how it came to be: published from a draft, restored from an
/// older version, or found on disk (the text the file had before its first publish from the browser, kept so
/// that the first publish can be undone too).
/// </summary>
public sealed class ContentVersion
{
    public const string Published = "published";
    public const string Restored = "restored";
    public const string Found = "found";

    public long Id { get; set; }

    public string Path { get; set; } = "";

    public string Text { get; set; } = "";

    public string Hash { get; set; } = "";

    public string Kind { get; set; } = Published;

    public string Note { get; set; } = "";

    public string? AuthorId { get; set; }

    /// <summary>The author's account name when published; kept when the account is removed.</summary>
    public string? AuthorName { get; set; }

    public DateTime PublishedAt { get; set; }

    /// <summary>The git commit made in the content folder, when it is a repository.</summary>
    public string? Commit { get; set; }
}

public static class EditingLimits
{
    /// <summary>Largest content file accepted from the browser, in characters (the largest shipped guide is about 40,000).</summary>
    public const int Text = 400_000;

    public const int Note = 300;

    /// <summary>Largest request the editing pages and endpoints read: the text, form-encoded, with room to spare.</summary>
    public const int RequestBytes = 2 * 1024 * 1024;
}

internal sealed class ContentDraftConfiguration : IEntityTypeConfiguration<ContentDraft>
{
    public void Configure(EntityTypeBuilder<ContentDraft> draft)
    {
        draft.ToTable("ContentDrafts");
        draft.HasKey(d => d.Id);
        draft.Property(d => d.Path).HasMaxLength(EditablePath.MaxLength);
        draft.Property(d => d.BaseHash).HasMaxLength(16);
        draft.Property(d => d.CreatedAt).HasConversion(EditingTimes.Utc);
        draft.Property(d => d.UpdatedAt).HasConversion(EditingTimes.Utc);
        draft.Property(d => d.Version).IsConcurrencyToken();
        draft.HasIndex(d => new { d.OwnerId, d.Path }).IsUnique();
        draft.HasOne<IdentityUser>().WithMany().HasForeignKey(d => d.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ContentVersionConfiguration : IEntityTypeConfiguration<ContentVersion>
{
    public void Configure(EntityTypeBuilder<ContentVersion> version)
    {
        version.ToTable("ContentVersions");
        version.HasKey(v => v.Id);
        version.Property(v => v.Path).HasMaxLength(EditablePath.MaxLength);
        version.Property(v => v.Hash).HasMaxLength(16);
        version.Property(v => v.Kind).HasMaxLength(16);
        version.Property(v => v.Note).HasMaxLength(EditingLimits.Note);
        version.Property(v => v.AuthorName).HasMaxLength(256);
        version.Property(v => v.Commit).HasMaxLength(40);
        version.Property(v => v.PublishedAt).HasConversion(EditingTimes.Utc);
        version.HasIndex(v => new { v.Path, v.PublishedAt });
        version.HasOne<IdentityUser>().WithMany().HasForeignKey(v => v.AuthorId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal static class EditingTimes
{
    public static readonly ValueConverter<DateTime, DateTime> Utc = new(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
