using System.ComponentModel.DataAnnotations;

namespace Forewarn.Core;

public enum DatabaseProvider { Sqlite, Postgres }

public enum SmtpSecurity { None, StartTls, SslOnConnect, Auto }

/// <summary>The <c>Forewarn</c> configuration section (environment: <c>Forewarn__...</c>).</summary>
public sealed class ForewarnOptions : IValidatableObject
{
    public const string Section = "Forewarn";

    /// <summary>Where the SQLite file and other state live. Default <c>./data</c>.</summary>
    public string DataDirectory { get; set; } = "data";

    public DatabaseOptions Database { get; set; } = new();
    public SmtpOptions Smtp { get; set; } = new();
    public DeliveryOptions Delivery { get; set; } = new();
    public MailboxOptions Mailbox { get; set; } = new();
    public Accounts.SignInOptions SignIn { get; set; } = new();

    /// <summary>Where renewal orders are placed (A7).</summary>
    public string OrderingUrl { get; set; } = "https://ordering.example.com/renew";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
            yield return new ValidationResult("Forewarn:DataDirectory must not be empty.", [nameof(DataDirectory)]);
        if (Smtp.Host is { Length: > 0 } && Smtp.Port is < 1 or > 65535)
            yield return new ValidationResult($"Forewarn:Smtp:Port must be 1-65535 (got {Smtp.Port}).", ["Smtp.Port"]);
        // It becomes a link in every mail and on the Alerts tab: only a web address, never javascript: or data:.
        if (!Uri.TryCreate(OrderingUrl, UriKind.Absolute, out var ordering) || ordering.Scheme is not ("https" or "http"))
            yield return new ValidationResult($"Forewarn:OrderingUrl must be an absolute http or https URL (got '{OrderingUrl}').", [nameof(OrderingUrl)]);
        if (Delivery.MaxAttempts < 1)
            yield return new ValidationResult("Forewarn:Delivery:MaxAttempts must be at least 1.", ["Delivery.MaxAttempts"]);
        if (Delivery.BatchSize < 1)
            yield return new ValidationResult("Forewarn:Delivery:BatchSize must be at least 1.", ["Delivery.BatchSize"]);
        if (Delivery.Lease <= TimeSpan.Zero)
            yield return new ValidationResult("Forewarn:Delivery:Lease must be positive.", ["Delivery.Lease"]);
        if (Delivery.FirstRetryDelay <= TimeSpan.Zero)
            yield return new ValidationResult("Forewarn:Delivery:FirstRetryDelay must be positive.", ["Delivery.FirstRetryDelay"]);
        if (Delivery.MaxRetryDelay < Delivery.FirstRetryDelay)
            yield return new ValidationResult("Forewarn:Delivery:MaxRetryDelay must not be shorter than FirstRetryDelay.", ["Delivery.MaxRetryDelay"]);
        if (Mailbox.Port is < 0 or > 65535)
            yield return new ValidationResult($"Forewarn:Mailbox:Port must be 0-65535, 0 for any free port (got {Mailbox.Port}).", ["Mailbox.Port"]);
        if (SignIn.MaxFailedAttempts < 1)
            yield return new ValidationResult("Forewarn:SignIn:MaxFailedAttempts must be at least 1.", ["SignIn.MaxFailedAttempts"]);
        if (SignIn.Lockout <= TimeSpan.Zero)
            yield return new ValidationResult("Forewarn:SignIn:Lockout must be positive.", ["SignIn.Lockout"]);
        if (!System.Net.Mail.MailAddress.TryCreate(Smtp.From, out _))
            yield return new ValidationResult($"Forewarn:Smtp:From must be an email address (got '{Smtp.From}').", ["Smtp.From"]);
    }
}

public sealed class DatabaseOptions
{
    /// <summary><c>Sqlite</c> (default) or <c>Postgres</c>; Postgres reads <c>ConnectionStrings:Forewarn</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}

public sealed class SmtpOptions
{
    /// <summary>Empty: every mail goes to the built-in development mailbox (M3).</summary>
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public string? User { get; set; }
    public string? Password { get; set; }
    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;
    public string From { get; set; } = "forewarn@localhost.localdomain";
    public string FromName { get; set; } = "Forewarn";
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

public sealed class DeliveryOptions
{
    /// <summary>Attempts on temporary failures before a message is given up as failed (M2).</summary>
    public int MaxAttempts { get; set; } = 8;
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);
    /// <summary>How long a dispatcher holds a message it is sending before another may take it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);
    public int BatchSize { get; set; } = 100;
}

public sealed class MailboxOptions
{
    /// <summary>Loopback port of the development mailbox (used when Smtp:Host is empty); 0 picks any free port.</summary>
    public int Port { get; set; }
}
