using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Decisioner.Web.Mail;

/// <summary>Where a message in the outbox stands.</summary>
public enum OutboundEmailStatus
{
    /// <summary>Waiting for its next attempt (<see cref="OutboundEmail.NextAttemptAt"/>).</summary>
    Queued,

    /// <summary>The mail server took it.</summary>
    Sent,

    /// <summary>Every attempt failed, or the server refused the address: it waits for staff to retry it by hand.</summary>
    Failed,
}

/// <summary>
/// One message in the outbox: what is sent, to whom, and how sending has gone so far. Rows are written
/// in the same transaction as whatever queued them, and the worker sends from here, so nothing is lost
/// when the mail server or the site is down. All times are UTC.
/// </summary>
public sealed class OutboundEmail
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>The desk session the message is about, if any (no foreign key: sessions may be erased first).</summary>
    public Guid? DeskSessionId { get; set; }

    public required string Recipient { get; set; }

    public required string Subject { get; set; }

    public required string TextBody { get; set; }

    public required string HtmlBody { get; set; }

    public DateTime QueuedAt { get; set; }

    /// <summary>The id of the staff member who queued it.</summary>
    public required string QueuedBy { get; set; }

    public OutboundEmailStatus Status { get; set; } = OutboundEmailStatus.Queued;

    /// <summary>Attempts made since it was queued (or last retried by hand).</summary>
    public int Attempts { get; set; }

    /// <summary>When the worker may next try it; null once sent or failed.</summary>
    public DateTime? NextAttemptAt { get; set; }

    /// <summary>A worker has claimed it until then; after that, another may (one that stopped mid-send left it).</summary>
    public DateTime? LockedUntil { get; set; }

    public DateTime? SentAt { get; set; }

    /// <summary>What went wrong the last time, in one short line (never a stack trace).</summary>
    public string? LastError { get; set; }

    /// <summary>Changed by every update, so two workers (or a worker and a retry) never both win.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();
}

internal sealed class OutboundEmailConfiguration : IEntityTypeConfiguration<OutboundEmail>
{
    public const int ErrorLength = 500;

    public void Configure(EntityTypeBuilder<OutboundEmail> email)
    {
        email.ToTable("OutboundEmails");
        email.HasKey(e => e.Id);
        email.Property(e => e.Recipient).HasMaxLength(MailAddresses.MaxLength);
        email.Property(e => e.Subject).HasMaxLength(Decisioner.Core.Content.EmailTemplate.MaxSubjectLength);
        email.Property(e => e.QueuedBy).HasMaxLength(450);
        email.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        email.Property(e => e.LastError).HasMaxLength(ErrorLength);
        email.Property(e => e.Version).IsConcurrencyToken();
        // Written in UTC; SQLite hands times back without a kind, so they are marked UTC on reading.
        email.Property(e => e.QueuedAt).HasConversion(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
        email.Property(e => e.NextAttemptAt).HasConversion(v => v, v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : null);
        email.Property(e => e.LockedUntil).HasConversion(v => v, v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : null);
        email.Property(e => e.SentAt).HasConversion(v => v, v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : null);
        email.HasIndex(e => new { e.Status, e.NextAttemptAt });
        email.HasIndex(e => e.DeskSessionId);
    }
}
