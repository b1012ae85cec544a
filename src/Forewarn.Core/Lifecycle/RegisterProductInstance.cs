using Forewarn.Core.Data;
using Forewarn.Core.Inventory;
using Forewarn.Core.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forewarn.Core.Lifecycle;

/// <summary>
/// <c>POST /api/agent/v1/register</c>: a product instance presents a registration token and becomes a registered,
/// authorized instance of the token's Virtual Account, with a credential of its own for later calls (L5).
/// An instance already known in the Smart Account by its serial number registers again: same instance, new credential
/// (the old one stops working), a new authorization period. Registered with another Virtual Account's token, it moves
/// there: one device is one instance per Smart Account, and the usage it reported in the old Virtual Account is
/// released (docs/decisions/0705-lifecycle-instance-moves-between-virtual-accounts.md).
/// </summary>
public sealed class RegisterProductInstance(ForewarnDbContext db, TimeProvider clock, IOptions<LifecycleOptions> options,
    Alerts.CheckInsufficientLicenses insufficient)
{
    public const int MaxNameLength = 200, MaxIdentifierLength = 100;

    /// <summary>Fields as the agent sent them; null when missing. Field names in errors are JSON paths of the request body.</summary>
    public sealed record Request(string? Token, string? UdiPid, string? UdiSerialNumber, string? Name, string? ProductType);

    /// <param name="MovedFrom">The Virtual Account the instance was in before this registration moved it; null when it did not move.</param>
    public sealed record Registered(int InstanceId, string Credential, string SmartAccount, string VirtualAccount, bool Again, string? MovedFrom);

    public static IReadOnlyList<FieldError> Validate(Request r)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(r.Token)) errors.Add(new("$.token", "is required: the registration token created in the account."));
        Text(errors, "$.udiSerialNumber", r.UdiSerialNumber, required: true, MaxIdentifierLength);
        Text(errors, "$.name", r.Name, required: true, MaxNameLength);
        Text(errors, "$.udiPid", r.UdiPid, required: false, MaxIdentifierLength);
        Text(errors, "$.productType", r.ProductType, required: false, MaxIdentifierLength);
        return errors;
    }

    private static void Text(List<FieldError> errors, string field, string? value, bool required, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) errors.Add(new(field, "is required."));
            return;
        }
        if (value.Trim().Length > max) errors.Add(new(field, $"must be at most {max} characters (got {value.Trim().Length})."));
        else if (value.Any(char.IsControl)) errors.Add(new(field, "must not contain control characters."));
    }

    /// <returns>
    /// Invalid (400) naming each field; NotFound on <c>$.token</c> when no unexpired token matches (the agent API answers
    /// 401: the token is the caller's credential); Ok with the instance id and its credential, shown this once.
    /// </returns>
    public async Task<Result<Registered>> HandleAsync(Request request, CancellationToken ct)
    {
        var errors = Validate(request);
        if (errors.Count > 0) return Result<Registered>.Invalid(errors);
        try
        {
            return await RegisterAsync(request, ct);
        }
        catch (DbUpdateException e) when (DatabaseSetup.IsUniqueViolation(e))
        {
            // The same serial number registered at the same moment by another call: register again over it.
            db.ChangeTracker.Clear();
            return await RegisterAsync(request, ct);
        }
    }

    private async Task<Result<Registered>> RegisterAsync(Request request, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = AgentSecrets.HashOf(request.Token!.Trim());
        var token = await db.RegistrationTokens.AsNoTracking()
            .Where(t => t.Hash == hash && t.ExpiresAt > now)
            .Select(t => new
            {
                t.SmartAccountId, t.VirtualAccountId, Domain = t.SmartAccount.Domain, t.SmartAccount.TimeZone, VirtualAccount = t.VirtualAccount.Name,
            })
            .SingleOrDefaultAsync(ct);
        if (token is null) return Result<Registered>.NotFound("$.token", "is not a registration token of any account, or it has expired.");
        var zone = AccountClock.TryFindZone(token.TimeZone, out var z) ? z : TimeZoneInfo.Utc;
        var today = AccountClock.LocalDate(now, zone);

        var serial = request.UdiSerialNumber!.Trim();
        // The instance this device already is in the Smart Account: in the token's Virtual Account first, else in another.
        var instance = await db.ProductInstances.Include(p => p.LicenseUsage).Include(p => p.VirtualAccount)
            .Where(p => p.VirtualAccount.SmartAccountId == token.SmartAccountId && p.UdiSerialNumber == serial)
            .OrderBy(p => p.VirtualAccountId == token.VirtualAccountId ? 0 : 1).ThenBy(p => p.Id)
            .FirstOrDefaultAsync(ct);
        var again = instance is not null;
        var from = instance is not null && instance.VirtualAccountId != token.VirtualAccountId
            ? (Id: instance.VirtualAccountId, Name: instance.VirtualAccount.Name) : default;
        instance ??= db.ProductInstances.Add(new ProductInstance
        {
            VirtualAccountId = token.VirtualAccountId, Name = "", UdiSerialNumber = serial,
        }).Entity;
        instance.Name = request.Name!.Trim();
        instance.UdiPid = request.UdiPid?.Trim() ?? "";
        instance.ProductType = request.ProductType?.Trim() ?? "";
        var credential = AgentSecrets.New(AgentSecrets.InstanceCredentialPrefix);
        instance.CredentialHash = AgentSecrets.HashOf(credential);
        LifecycleRules.Registered(now, options.Value).CopyTo(instance);
        var released = from.Name is null ? [] : instance.LicenseUsage.Select(u => (u.LicenseName, u.Quantity)).ToList();
        if (from.Name is not null)
        {
            db.LicenseUsages.RemoveRange(instance.LicenseUsage);
            instance.VirtualAccountId = token.VirtualAccountId;
            db.Events.Add(new Event
            {
                SmartAccountId = token.SmartAccountId, VirtualAccountId = from.Id, At = now, Type = EventType.ProductInstanceRemoved,
                Message = LifecycleMessages.MovedAway(instance.Name, serial, from.Name, token.VirtualAccount),
            });
        }
        db.Events.Add(new Event
        {
            SmartAccountId = token.SmartAccountId, VirtualAccountId = token.VirtualAccountId, At = now, Type = EventType.ProductInstanceRegistered,
            Message = LifecycleMessages.Registered(instance.Name, serial, token.VirtualAccount, again, from.Name),
        });
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        // A new registration starts a new authorization period: whatever lapse alerts the instance had are over.
        if (again)
        {
            await LifecycleAlerts.ApplyAsync(db, token.SmartAccountId, token.VirtualAccountId, instance.Id, [], clear: true, now, zone, ct); // clearing only
            await db.SaveChangesAsync(ct);
        }
        // The usage it reported in the old Virtual Account is given back there (decision 0603 sets the statuses again).
        if (released.Count > 0)
            await LicenseCompliance.ApplyUsageAsync(db, from.Id, released.ToDictionary(u => u.LicenseName, u => -u.Quantity, StringComparer.Ordinal),
                released.Select(u => u.LicenseName).ToList(), today, ct);
        await tx.CommitAsync(ct);
        // The old Virtual Account may be back in compliance (A4), at once as after a usage report.
        if (released.Count > 0) await insufficient.HandleAsync(new(token.SmartAccountId, today), ct);
        return Result<Registered>.Ok(new Registered(instance.Id, credential, token.Domain, token.VirtualAccount, again, from.Name));
    }
}
