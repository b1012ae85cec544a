using Forewarn.Core.Accounts;
using Forewarn.Core.Data;
using Forewarn.Core.Delivery;
using Forewarn.Core.Inventory;
using MimeKit;

namespace Forewarn.Tests.Web;

/// <summary>Builders that arrange inventory and mailbox rows visibly in each test.</summary>
public static class Seed
{
    /// <summary>The password every seeded person signs in with (long enough for the default rules).</summary>
    public const string Password = "correct horse battery";

    // PasswordHasher ignores the user it is given, so one hash serves every seeded person (hashing costs ~100 ms).
    private static readonly Lazy<string> PasswordHash = new(() => Passwords.Hash(new User { Email = "", Name = "" }, Password));

    /// <summary>A user who can sign in with <see cref="Password"/> (or <paramref name="password"/>).</summary>
    public static User Person(string email, string name, string? password = null) => new()
    {
        Email = email, Name = name,
        PasswordHash = password is null ? PasswordHash.Value : Passwords.Hash(new User { Email = email, Name = name }, password),
    };

    /// <summary>A role on a whole Smart Account, or on one of its Virtual Accounts.</summary>
    public static Access Grant(User user, SmartAccount account, Role role, VirtualAccount? va = null) =>
        new() { User = user, SmartAccount = account, Role = role, VirtualAccount = va };

    public static SmartAccount Account(string name, string domain, string timeZone, params VirtualAccount[] virtualAccounts)
    {
        var account = new SmartAccount { Name = name, Domain = domain, TimeZone = timeZone };
        foreach (var va in virtualAccounts) { va.SmartAccount = account; account.VirtualAccounts.Add(va); }
        return account;
    }

    public static VirtualAccount Va(string name, params License[] licenses)
    {
        var va = new VirtualAccount { Name = name };
        va.Licenses.AddRange(licenses);
        return va;
    }

    public static VirtualAccount WithInstances(this VirtualAccount va, params ProductInstance[] instances)
    {
        va.ProductInstances.AddRange(instances);
        return va;
    }

    public static License License(string name, params LicenseLine[] lines)
    {
        for (var i = 0; i < lines.Length; i++) lines[i].Position = i;
        return new License { Name = name, Quantity = lines.Sum(l => l.Quantity), Lines = lines.ToList() };
    }

    /// <param name="end">yyyy-MM-dd, or null for a perpetual line.</param>
    public static LicenseLine Line(LicenseType type, int quantity, string start, string? end) => new()
    {
        Type = type, Quantity = quantity, StartDate = DateOnly.Parse(start), EndDate = end is null ? null : DateOnly.Parse(end),
        Status = "Active",
    };

    public static ProductInstance Instance(string name, string serial, DateTime registeredUtc, DateTime? lastAuthorizationUtc,
        params (string License, int Quantity)[] usage) => new()
    {
        Name = name, ProductType = "C9300", UdiPid = "C9300-48P", UdiSerialNumber = serial,
        RegisteredAt = registeredUtc, LastAuthorizationAt = lastAuthorizationUtc,
        LicenseUsage = usage.Select(u => new LicenseUsage { LicenseName = u.License, Quantity = u.Quantity }).ToList(),
    };

    public static async Task SaveAsync(ForewarnDbContext ctx, params object[] entities)
    {
        ctx.AddRange(entities);
        await ctx.SaveChangesAsync();
    }

    /// <summary>A stored development-mailbox message: raw MIME built with MimeKit, as the SMTP server would keep it.</summary>
    public static MailboxMessage Mail(DateTime receivedUtc, string to, string subject, string? kind, string text, string? html)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Forewarn", "forewarn@localhost.localdomain"));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Date = new DateTimeOffset(receivedUtc);
        if (kind is not null) message.Headers.Add("X-Forewarn-Kind", kind);
        var body = new BodyBuilder { TextBody = text, HtmlBody = html };
        message.Body = body.ToMessageBody();
        using var raw = new MemoryStream();
        message.WriteTo(raw);
        return new MailboxMessage
        {
            ReceivedAt = receivedUtc, EnvelopeFrom = "forewarn@localhost.localdomain", EnvelopeTo = to, Subject = subject, Raw = raw.ToArray(),
        };
    }
}
