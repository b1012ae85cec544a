using Forewarn.Core.Alerts;
using Forewarn.Core.Delivery;
using Forewarn.Core.Digest;
using Forewarn.Core.Inventory;
using Forewarn.Core.Preferences;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Forewarn.Core.Data;

/// <summary>The one DbContext. Provider-specific subclasses exist only to hold each provider's migrations.</summary>
public abstract class ForewarnDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<SmartAccount> SmartAccounts => Set<SmartAccount>();
    public DbSet<VirtualAccount> VirtualAccounts => Set<VirtualAccount>();
    public DbSet<License> Licenses => Set<License>();
    public DbSet<LicenseLine> LicenseLines => Set<LicenseLine>();
    public DbSet<ProductInstance> ProductInstances => Set<ProductInstance>();
    public DbSet<LicenseUsage> LicenseUsages => Set<LicenseUsage>();
    public DbSet<Event> Events => Set<Event>();
    public DbSet<User> Users => Set<User>();
    public DbSet<Access> Access => Set<Access>();
    public DbSet<NotificationPreference> NotificationPreferences => Set<NotificationPreference>();
    public DbSet<DigestRecord> DigestRecords => Set<DigestRecord>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<MailboxMessage> Mailbox => Set<MailboxMessage>();
    public DbSet<Accounts.ApiToken> ApiTokens => Set<Accounts.ApiToken>();
    public DbSet<Alert> Alerts => Set<Alert>();
    public DbSet<ExpirationRaise> ExpirationRaises => Set<ExpirationRaise>();
    public DbSet<Lifecycle.RegistrationToken> RegistrationTokens => Set<Lifecycle.RegistrationToken>();

    protected override void ConfigureConventions(ModelConfigurationBuilder b)
    {
        // Instants are UTC everywhere; SQLite hands back Unspecified, so the kind is restored on read.
        b.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        b.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder m)
    {
        m.Entity<SmartAccount>(e =>
        {
            e.HasIndex(x => x.Domain).IsUnique();
            e.Property(x => x.TimeZone).HasMaxLength(64);
            e.Property(x => x.Domain).HasMaxLength(253);
        });
        m.Entity<VirtualAccount>(e => e.HasIndex(x => new { x.SmartAccountId, x.Name }).IsUnique());
        m.Entity<License>(e => e.HasIndex(x => new { x.VirtualAccountId, x.Name }).IsUnique());
        m.Entity<LicenseLine>(e =>
        {
            e.Property(x => x.Type).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(x => new { x.LicenseId, x.Position }).IsUnique();
            e.HasIndex(x => x.EndDate);
        });
        m.Entity<ProductInstance>(e =>
        {
            e.HasIndex(x => new { x.VirtualAccountId, x.UdiSerialNumber }).IsUnique();
            // Lifecycle (§5): the engine looks instances up by when they are due; the agent API by credential.
            e.Property(x => x.RegistrationState).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.AuthorizationState).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(x => x.LifecycleDueAt);
            e.Property(x => x.CredentialHash).HasMaxLength(64);
            e.HasIndex(x => x.CredentialHash).IsUnique();
        });
        m.Entity<Lifecycle.RegistrationToken>(e =>
        {
            e.Property(x => x.Hash).HasMaxLength(64);
            e.HasIndex(x => x.Hash).IsUnique();
            e.Property(x => x.Prefix).HasMaxLength(16);
            e.Property(x => x.Description).HasMaxLength(200);
            e.Property(x => x.CreatedByEmail).HasMaxLength(320);
        });
        m.Entity<LicenseUsage>(e => e.HasIndex(x => new { x.ProductInstanceId, x.LicenseName }).IsUnique());
        m.Entity<Event>(e =>
        {
            e.Property(x => x.Type).HasConversion<string>().HasMaxLength(64);
            e.Property(x => x.Message).HasMaxLength(4000);
            e.HasIndex(x => new { x.SmartAccountId, x.At });
            // A6: the events still waiting for the status notification run, found without scanning the log.
            e.HasIndex(x => new { x.SmartAccountId, x.Id }, "IX_Events_StatusNotificationPending").HasFilter("\"StatusNotifiedAt\" IS NULL");
        });
        m.Entity<User>(e => e.HasIndex(x => x.Email).IsUnique());
        m.Entity<Access>(e =>
        {
            e.Property(x => x.Role).HasConversion<string>().HasMaxLength(32);
            e.HasIndex(x => new { x.UserId, x.SmartAccountId, x.VirtualAccountId, x.Role }).IsUnique();
        });
        m.Entity<NotificationPreference>(e =>
        {
            e.HasIndex(x => new { x.UserId, x.SmartAccountId }).IsUnique();
            e.HasOne<User>().WithMany().HasForeignKey(x => x.UserId);
            e.HasOne<SmartAccount>().WithMany().HasForeignKey(x => x.SmartAccountId);
            e.Property(x => x.AdditionalEmails).HasMaxLength(4000);
        });
        m.Entity<DigestRecord>(e =>
        {
            e.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(x => new { x.SmartAccountId, x.UserId, x.DigestDate }).IsUnique();
        });
        m.Entity<OutboxMessage>(e =>
        {
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(x => x.IdempotencyKey).IsUnique();
            e.HasIndex(x => new { x.Status, x.NextAttemptAt });
            e.Property(x => x.ExtraHeaders).HasMaxLength(4000);
            e.Property(x => x.LastError).HasMaxLength(4000);
            e.Property(x => x.Subject).HasMaxLength(1000);
        });
        m.Entity<Accounts.ApiToken>(e =>
        {
            e.HasIndex(x => x.Hash).IsUnique();
            e.HasIndex(x => new { x.UserId, x.Name });
        });
        m.Entity<Alert>(e =>
        {
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(64);
            e.Property(x => x.Severity).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(16).IsConcurrencyToken();
            e.Property(x => x.Message).HasMaxLength(4000);
            e.Property(x => x.DismissedBy).HasMaxLength(320);
            e.HasOne<SmartAccount>().WithMany().HasForeignKey(x => x.SmartAccountId);
            e.HasOne<VirtualAccount>().WithMany().HasForeignKey(x => x.VirtualAccountId);
            e.HasOne<LicenseLine>().WithMany().HasForeignKey(x => x.LicenseLineId);
            e.HasOne<License>().WithMany().HasForeignKey(x => x.LicenseId);
            e.HasOne<ProductInstance>().WithMany().HasForeignKey(x => x.ProductInstanceId);
            e.HasIndex(x => new { x.SmartAccountId, x.State });
            // One open (not Cleared) alert per (kind, subject); NULLs are distinct in unique indexes, so one index per subject.
            e.HasIndex(x => new { x.Kind, x.LicenseLineId }, "IX_Alerts_OpenPerLine").IsUnique()
                .HasFilter("\"State\" <> 'Cleared' AND \"LicenseLineId\" IS NOT NULL");
            e.HasIndex(x => new { x.Kind, x.LicenseId }, "IX_Alerts_OpenPerLicense").IsUnique()
                .HasFilter("\"State\" <> 'Cleared' AND \"LicenseLineId\" IS NULL AND \"LicenseId\" IS NOT NULL");
            e.HasIndex(x => new { x.Kind, x.ProductInstanceId }, "IX_Alerts_OpenPerProductInstance").IsUnique()
                .HasFilter("\"State\" <> 'Cleared' AND \"ProductInstanceId\" IS NOT NULL");
        });
        m.Entity<ExpirationRaise>(e =>
        {
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(64);
            e.HasOne<LicenseLine>().WithMany().HasForeignKey(x => x.LicenseLineId);
            e.HasOne(x => x.Event).WithMany().HasForeignKey(x => x.EventId);
            e.HasIndex(x => new { x.LicenseLineId, x.Kind, x.Threshold, x.ExpiryDate }).IsUnique();
        });
        m.Entity<MailboxMessage>(e =>
        {
            e.Property(x => x.EnvelopeTo).HasMaxLength(4000);
            e.Property(x => x.Subject).HasMaxLength(1000);
            e.HasIndex(x => x.ReceivedAt);
        });
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

public sealed class SqliteForewarnDbContext(DbContextOptions<SqliteForewarnDbContext> options) : ForewarnDbContext(options);

public sealed class PostgresForewarnDbContext(DbContextOptions<PostgresForewarnDbContext> options) : ForewarnDbContext(options);
