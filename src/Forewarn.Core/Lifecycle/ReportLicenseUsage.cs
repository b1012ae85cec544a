using Forewarn.Core.Alerts;
using Forewarn.Core.Data;
using Forewarn.Core.Inventory;
using Forewarn.Core.Time;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Core.Lifecycle;

/// <summary>
/// <c>PUT /api/agent/v1/usage</c>: the instance reports every license it uses. Its usage is replaced by the report, each
/// license's in-use count moves by the difference (other consumption the account knows of, e.g. from the import, is
/// kept), and the instance's compliance follows the new counts. A report is also a check-in (L5).
/// Once committed, the account's A4 check runs for its date, so a shortfall the report causes (or ends) raises its
/// InsufficientLicenses alert (or BackInCompliance) at once, not at the next daily run; the status notification follows
/// with the next coalesced send (A6).
/// </summary>
public sealed class ReportLicenseUsage(ForewarnDbContext db, TimeProvider clock, CheckInsufficientLicenses insufficient)
{
    public const int MaxEntries = 1000, MaxQuantity = 1_000_000;

    /// <summary>One entry as sent; nulls are missing fields.</summary>
    public sealed record Entry(string? License, int? Quantity);

    public sealed record Request(int InstanceId, IReadOnlyList<Entry> Usage);

    public sealed record LicenseCount(string License, int Quantity, int InUse, string Status);

    /// <summary>The instance's usage as stored now, each license's new counts, and the instance's authorization state.</summary>
    public sealed record Reported(IReadOnlyList<Entry> Usage, IReadOnlyList<LicenseCount> Licenses, AuthorizationState AuthorizationState);

    public static IReadOnlyList<FieldError> Validate(Request r)
    {
        var errors = new List<FieldError>();
        if (r.Usage.Count > MaxEntries) errors.Add(new("$", $"must list at most {MaxEntries} licenses (got {r.Usage.Count})."));
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < r.Usage.Count; i++)
        {
            var e = r.Usage[i];
            if (string.IsNullOrWhiteSpace(e.License)) errors.Add(new($"$[{i}].license", "is required: the license's name."));
            else if (seen.TryGetValue(e.License.Trim(), out var first)) errors.Add(new($"$[{i}].license", $"'{e.License.Trim()}' is listed twice (also at $[{first}])."));
            else seen[e.License.Trim()] = i;
            if (e.Quantity is null) errors.Add(new($"$[{i}].quantity", "is required: a whole number from 0."));
            else if (e.Quantity is < 0 or > MaxQuantity) errors.Add(new($"$[{i}].quantity", $"must be from 0 to {MaxQuantity} (got {e.Quantity})."));
        }
        return errors;
    }

    public async Task<Result<Reported>> HandleAsync(Request request, CancellationToken ct)
    {
        var errors = Validate(request).ToList();
        if (errors.Count > 0) return Result<Reported>.Invalid(errors);
        var now = clock.GetUtcNow().UtcDateTime;
        var reported = request.Usage.Select(e => new Entry(e.License!.Trim(), e.Quantity!.Value)).ToList();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Taking the instance's row first serialises two reports of the same instance; the second sees the first's usage.
        if (await CheckIn.RecordAsync(db, [request.InstanceId], now, ct) == 0)
            return Result<Reported>.NotFound("instance", "The product instance no longer exists.");
        var instance = await db.ProductInstances.Include(p => p.LicenseUsage).Include(p => p.VirtualAccount).ThenInclude(v => v.SmartAccount)
            .SingleAsync(p => p.Id == request.InstanceId, ct);
        // Compliance is judged on the account's calendar date, as the A4 alert judges it (LicenseValidity).
        var today = AccountClock.LocalDate(now, AccountClock.TryFindZone(instance.VirtualAccount.SmartAccount.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc);
        var names = reported.Select(e => e.License!).ToList();
        var known = (await db.Licenses.AsNoTracking().Where(l => l.VirtualAccountId == instance.VirtualAccountId && names.Contains(l.Name))
            .Select(l => l.Name).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < reported.Count; i++)
            if (!known.Contains(reported[i].License!))
                errors.Add(new($"$[{i}].license", $"no license '{reported[i].License}' in Virtual Account '{instance.VirtualAccount.Name}'."));
        if (errors.Count > 0) return Result<Reported>.Invalid(errors); // the transaction rolls back: the check-in is not kept either

        // The difference per license, old usage against new, so concurrent reports of other instances add up.
        var delta = instance.LicenseUsage.ToDictionary(u => u.LicenseName, u => -u.Quantity, StringComparer.Ordinal);
        foreach (var e in reported) delta[e.License!] = delta.GetValueOrDefault(e.License!) + e.Quantity!.Value;
        db.LicenseUsages.RemoveRange(instance.LicenseUsage);
        await db.SaveChangesAsync(ct);
        foreach (var e in reported.Where(e => e.Quantity > 0))
            db.LicenseUsages.Add(new LicenseUsage { ProductInstanceId = instance.Id, LicenseName = e.License!, Quantity = e.Quantity!.Value });
        await db.SaveChangesAsync(ct);
        var touched = delta.Keys.Union(names, StringComparer.Ordinal).ToList();
        await LicenseCompliance.ApplyUsageAsync(db, instance.VirtualAccountId, delta, touched, today, ct);

        var usedNames = reported.Where(e => e.Quantity > 0).Select(e => e.License!).ToList();
        var counts = await db.Licenses.AsNoTracking()
            .Where(l => l.VirtualAccountId == instance.VirtualAccountId && touched.Contains(l.Name))
            .OrderBy(l => l.Name).Select(l => new LicenseCount(l.Name, l.Quantity, l.InUse, l.Status)).ToListAsync(ct);
        var outOfCompliance = await db.Licenses
            .Where(l => l.VirtualAccountId == instance.VirtualAccountId && usedNames.Contains(l.Name))
            .Where(LicenseValidity.OverConsumedOn(today)).AnyAsync(ct);

        // An authorized instance's compliance follows its usage at once; a lapsed one keeps its state until it renews.
        var state = instance.AuthorizationState;
        if (state is AuthorizationState.Authorized or AuthorizationState.OutOfCompliance)
        {
            var next = outOfCompliance ? AuthorizationState.OutOfCompliance : AuthorizationState.Authorized;
            if (next != state)
            {
                // Conditional like the engine's writes: only over the state this report read.
                var changed = await db.ProductInstances.Where(p => p.Id == instance.Id && p.AuthorizationState == state)
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.AuthorizationState, next), ct);
                if (changed == 1) state = next;
            }
        }
        await tx.CommitAsync(ct);
        await insufficient.HandleAsync(new(instance.VirtualAccount.SmartAccountId, today), ct);
        var usage = reported.Where(e => e.Quantity > 0).OrderBy(e => e.License, StringComparer.Ordinal).ToList();
        return Result<Reported>.Ok(new Reported(usage, counts, state));
    }
}
