using Forewarn.Core.Data;
using Forewarn.Core.Inventory;
using Forewarn.Core.Preferences;

namespace Forewarn.Tests.Infrastructure;

/// <summary>Arranges an inventory visibly in a test, straight into the database (no import involved).</summary>
public sealed class InventoryBuilder(ForewarnDbContext db)
{
    public SmartAccount Account(string name, string domain, string timeZone = "UTC", params string[] virtualAccounts)
    {
        var sa = new SmartAccount { Name = name, Domain = domain, TimeZone = timeZone };
        foreach (var va in virtualAccounts.DefaultIfEmpty("DEFAULT")) sa.VirtualAccounts.Add(new VirtualAccount { Name = va! });
        db.SmartAccounts.Add(sa);
        db.SaveChanges();
        return sa;
    }

    public License License(SmartAccount sa, string va, string name, params (LicenseType Type, int Quantity, DateOnly? Expires)[] lines)
    {
        var virtualAccount = sa.VirtualAccounts.Single(v => v.Name == va);
        var license = new License { Name = name, VirtualAccountId = virtualAccount.Id, Quantity = lines.Sum(l => l.Quantity) };
        var position = 0;
        foreach (var (type, quantity, expires) in lines)
            license.Lines.Add(new LicenseLine
            {
                Position = position++, Type = type, Quantity = quantity, StartDate = new DateOnly(2025, 1, 1), EndDate = expires,
            });
        db.Licenses.Add(license);
        db.SaveChanges();
        return license;
    }

    public User User(string email, string name, SmartAccount sa, Role role, string? va = null,
        bool digest = true, bool status = false, NotificationTypes events = NotificationTypes.All, int? range = 90,
        string additionalEmails = "")
    {
        var user = db.Users.SingleOrDefault(u => u.Email == email) ?? db.Users.Add(new User { Email = email, Name = name }).Entity;
        db.SaveChanges();
        Grant(user, sa, role, va);
        db.NotificationPreferences.Add(new NotificationPreference
        {
            UserId = user.Id, SmartAccountId = sa.Id, DailyEventSummary = digest, StatusNotification = status,
            Events = events, ExpiringRangeDays = ExpiringRange.Normalise(digest, events, range), AdditionalEmails = additionalEmails,
        });
        db.SaveChanges();
        return user;
    }

    public void Grant(User user, SmartAccount sa, Role role, string? va = null)
    {
        db.Access.Add(new Access
        {
            UserId = user.Id, SmartAccountId = sa.Id, Role = role,
            VirtualAccountId = va is null ? null : sa.VirtualAccounts.Single(v => v.Name == va).Id,
        });
        db.SaveChanges();
    }

    public Event Event(SmartAccount sa, string? va, DateTime atUtc, EventType type, string message)
    {
        var e = new Event
        {
            SmartAccountId = sa.Id, VirtualAccountId = va is null ? null : sa.VirtualAccounts.Single(v => v.Name == va).Id,
            At = DateTime.SpecifyKind(atUtc, DateTimeKind.Utc), Type = type, Message = message,
        };
        db.Events.Add(e);
        db.SaveChanges();
        return e;
    }
}
