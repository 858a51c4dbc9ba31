using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Decisioner.Web.Desk;

/// <summary>The admissions desk's tables. Staff are referred to by account id, set to null when the account is removed.</summary>
internal sealed class DeskSessionConfiguration : IEntityTypeConfiguration<DeskSession>
{
    public void Configure(EntityTypeBuilder<DeskSession> session)
    {
        session.ToTable("DeskSessions");
        session.HasKey(s => s.Id);
        session.Property(s => s.QuizId).HasMaxLength(100);
        session.Property(s => s.Answers).HasMaxLength(DeskLimits.Answers);
        session.Property(s => s.Outcome).HasMaxLength(40);
        session.Property(s => s.Timing).HasMaxLength(40);
        session.Property(s => s.FirstStep).HasMaxLength(40);
        session.Property(s => s.Headline).HasMaxLength(500);
        session.Property(s => s.ContentVersion).HasMaxLength(64);
        session.Property(s => s.ProspectName).HasMaxLength(DeskLimits.Name);
        session.Property(s => s.ProspectEmail).HasMaxLength(DeskLimits.Email);
        session.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        session.Property(s => s.SavedAt).HasConversion(DeskTimes.Utc);
        session.Property(s => s.ErasedAt).HasConversion(DeskTimes.UtcOrNull);
        session.Property(s => s.Version).IsConcurrencyToken();
        session.HasIndex(s => s.IdempotencyKey).IsUnique();
        session.HasIndex(s => s.SavedAt);
        session.HasIndex(s => s.FollowUpOn);
        session.HasOne<IdentityUser>().WithMany().HasForeignKey(s => s.SavedById).OnDelete(DeleteBehavior.SetNull);
        session.HasMany(s => s.Notes).WithOne().HasForeignKey(n => n.SessionId).OnDelete(DeleteBehavior.Cascade);
        session.HasMany(s => s.StatusChanges).WithOne().HasForeignKey(c => c.SessionId).OnDelete(DeleteBehavior.Cascade);
        session.HasMany(s => s.Consents).WithOne().HasForeignKey(c => c.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DeskNoteConfiguration : IEntityTypeConfiguration<DeskNote>
{
    public void Configure(EntityTypeBuilder<DeskNote> note)
    {
        note.ToTable("DeskNotes");
        note.Property(n => n.Text).HasMaxLength(DeskLimits.Note);
        note.Property(n => n.At).HasConversion(DeskTimes.Utc);
        note.HasOne<IdentityUser>().WithMany().HasForeignKey(n => n.AuthorId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class DeskStatusChangeConfiguration : IEntityTypeConfiguration<DeskStatusChange>
{
    public void Configure(EntityTypeBuilder<DeskStatusChange> change)
    {
        change.ToTable("DeskStatusChanges");
        change.Property(c => c.From).HasConversion<string>().HasMaxLength(20);
        change.Property(c => c.To).HasConversion<string>().HasMaxLength(20);
        change.Property(c => c.At).HasConversion(DeskTimes.Utc);
        change.HasOne<IdentityUser>().WithMany().HasForeignKey(c => c.ById).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class DeskConsentConfiguration : IEntityTypeConfiguration<DeskConsent>
{
    public void Configure(EntityTypeBuilder<DeskConsent> consent)
    {
        consent.ToTable("DeskConsents");
        consent.Property(c => c.Purpose).HasMaxLength(40);
        consent.Property(c => c.Wording).HasMaxLength(500);
        consent.Property(c => c.At).HasConversion(DeskTimes.Utc);
        consent.HasOne<IdentityUser>().WithMany().HasForeignKey(c => c.RecordedById).OnDelete(DeleteBehavior.SetNull);
    }
}

/// <summary>Times are written in UTC; SQLite hands them back without a kind, so they are marked UTC on reading.</summary>
internal static class DeskTimes
{
    public static readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime> Utc =
        new(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    public static readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime?, DateTime?> UtcOrNull =
        new(v => v, v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : null);
}

/// <summary>Longest text each field keeps; the forms say so and refuse longer.</summary>
public static class DeskLimits
{
    public const int Answers = 2000;
    public const int Name = 200;
    public const int Email = 254;
    public const int Note = 4000;
}
