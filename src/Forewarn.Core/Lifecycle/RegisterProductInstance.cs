using Forewarn.Core.Data;
using Forewarn.Core.Inventory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forewarn.Core.Lifecycle;

/// <summary>
/// <c>POST /api/agent/v1/register</c>: a product instance presents a registration token and becomes a registered,
/// authorized instance of the token's Virtual Account, with a credential of its own for later calls (L5).
/// An instance already known there by its serial number registers again: same instance, new credential (the old one
/// stops working), a new authorization period.
/// </summary>
public sealed class RegisterProductInstance(ForewarnDbContext db, TimeProvider clock, IOptions<LifecycleOptions> options)
{
    public const int MaxNameLength = 200, MaxIdentifierLength = 100;

    /// <summary>Fields as the agent sent them; null when missing. Field names in errors are JSON paths of the request body.</summary>
    public sealed record Request(string? Token, string? UdiPid, string? UdiSerialNumber, string? Name, string? ProductType);

    public sealed record Registered(int InstanceId, string Credential, string SmartAccount, string VirtualAccount, bool Again);

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
            .Select(t => new { t.SmartAccountId, t.VirtualAccountId, Domain = t.SmartAccount.Domain, VirtualAccount = t.VirtualAccount.Name })
            .SingleOrDefaultAsync(ct);
        if (token is null) return Result<Registered>.NotFound("$.token", "is not a registration token of any account, or it has expired.");

        var serial = request.UdiSerialNumber!.Trim();
        var instance = await db.ProductInstances.SingleOrDefaultAsync(p => p.VirtualAccountId == token.VirtualAccountId && p.UdiSerialNumber == serial, ct);
        var again = instance is not null;
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
        db.Events.Add(new Event
        {
            SmartAccountId = token.SmartAccountId, VirtualAccountId = token.VirtualAccountId, At = now, Type = EventType.ProductInstanceRegistered,
            Message = LifecycleMessages.Registered(instance.Name, serial, token.VirtualAccount, again),
        });
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        // A new registration starts a new authorization period: whatever lapse alerts the instance had are over.
        if (again)
        {
            await LifecycleAlerts.ApplyAsync(db, token.SmartAccountId, token.VirtualAccountId, instance.Id, [], clear: true, now, TimeZoneInfo.Utc, ct); // clearing only: no dates
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return Result<Registered>.Ok(new Registered(instance.Id, credential, token.Domain, token.VirtualAccount, again));
    }
}
