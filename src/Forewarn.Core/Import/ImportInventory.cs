using Forewarn.Core.Data;
using Forewarn.Core.Inventory;
using Forewarn.Core.Preferences;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Core.Import;

/// <summary>
/// §8: import an inventory bundle. The whole bundle is checked first and every error is reported with its
/// JSON path; a bundle with any error stores nothing. Otherwise everything is upserted by natural keys in
/// one transaction, so importing the same bundle again changes nothing. Nothing absent from a bundle is
/// deleted, and preferences only seed a user's choices (docs/decisions/0101, 0102).
/// </summary>
public sealed class ImportInventory(ForewarnDbContext db, TimeProvider clock)
{
    public sealed record Request(string Json);

    public sealed record Error(string Path, string Message)
    {
        public override string ToString() => $"{Path}: {Message}";
    }

    /// <summary>What the bundle holds, and how many stored rows the import added, changed or removed.</summary>
    /// <param name="Events">Distinct events of the bundle (same Smart Account, VA, time, type and message count once).</param>
    /// <param name="Changed">Rows added, updated or removed; 0 when the store already held the bundle.</param>
    /// <param name="PreferencesLeftAsSaved">Preference entries that differ from what their user has saved, left as saved.</param>
    public sealed record Counts(int SmartAccounts, int VirtualAccounts, int Licenses, int LicenseLines,
        int ProductInstances, int Users, int Events, int Changed,
        int PerpetualLines = 0, int AccessEntries = 0, int Preferences = 0, int PreferencesLeftAsSaved = 0);

    public sealed record Result(Counts? Imported, IReadOnlyList<Error> Errors)
    {
        public bool Succeeded => Errors.Count == 0;
    }

    private const int MaxAttempts = 3;

    /// <summary>Any constant: PostgreSQL imports take this transaction-scoped advisory lock so they run one at a time.</summary>
    private const long ImportLockKey = 0x466F72657761726E; // "Forewarn"

    public async Task<Result> HandleAsync(Request request, CancellationToken ct)
    {
        var (bundle, shapeErrors) = BundleReader.Read(request.Json);
        if (bundle is null) return new Result(null, shapeErrors);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ImportAsync(bundle, shapeErrors, ct);
            }
            catch (DbUpdateException e) when (attempt < MaxAttempts && DatabaseSetup.IsUniqueViolation(e))
            {
                // Another writer stored one of the same natural keys first: start over and find its row.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<Result> ImportAsync(InventoryBundle bundle, IReadOnlyList<Error> shapeErrors, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // SQLite's transaction already holds the write lock (BEGIN IMMEDIATE); PostgreSQL needs it asked for,
        // or two imports of one bundle could both insert the same new event.
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [ImportLockKey], ct);

        var stored = await StoredInventory.LoadAsync(db, bundle, ct);
        var errors = BundleReader.InDocumentOrder(shapeErrors.Concat(BundleReferences.Check(bundle, AccountCatalog.Of(bundle, stored.SmartAccounts.Values))));
        if (errors.Count > 0) return new Result(null, errors); // the transaction rolls back: nothing stored

        UpsertInventory(bundle, stored);
        UpsertUsers(bundle, stored);
        AddNewEvents(bundle, stored);
        var changed = PendingChanges();
        await db.SaveChangesAsync(ct);

        // Preferences refer to user and Smart Account ids, which new rows have only now.
        var leftAsSaved = SeedPreferences(bundle, stored);
        changed += PendingChanges();
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);

        var lines = bundle.SmartAccounts.SelectMany(s => s.VirtualAccounts).SelectMany(v => v.Licenses).SelectMany(l => l.Lines).ToList();
        return new Result(new Counts(
            SmartAccounts: bundle.SmartAccounts.Count,
            VirtualAccounts: bundle.SmartAccounts.Sum(s => s.VirtualAccounts.Count),
            Licenses: bundle.SmartAccounts.SelectMany(s => s.VirtualAccounts).Sum(v => v.Licenses.Count),
            LicenseLines: lines.Count,
            ProductInstances: bundle.SmartAccounts.SelectMany(s => s.VirtualAccounts).Sum(v => v.ProductInstances.Count),
            Users: bundle.Users.Count,
            Events: bundle.Events.Select(EventKey.Of).Distinct().Count(),
            Changed: changed,
            PerpetualLines: lines.Count(l => l.Type == LicenseType.Perpetual),
            AccessEntries: bundle.Users.Sum(u => u.Access.Count),
            Preferences: bundle.Users.Sum(u => u.Preferences.Count),
            PreferencesLeftAsSaved: leftAsSaved), []);
    }

    private int PendingChanges() =>
        db.ChangeTracker.Entries().Count(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted);

    // Setting a property to the value it already has leaves the entity unchanged, so a re-import writes nothing.

    private void UpsertInventory(InventoryBundle bundle, StoredInventory stored)
    {
        foreach (var b in bundle.SmartAccounts)
        {
            if (!stored.SmartAccounts.TryGetValue(b.Domain!, out var sa))
            {
                sa = new SmartAccount { Name = b.Name!, Domain = b.Domain! };
                db.SmartAccounts.Add(sa);
                stored.SmartAccounts[sa.Domain] = sa;
            }
            sa.Name = b.Name!;
            sa.TimeZone = b.TimeZone!;
            sa.DigestHour = b.DigestHour!.Value;

            var vas = sa.VirtualAccounts.ToDictionary(v => v.Name, StringComparer.Ordinal);
            foreach (var bva in b.VirtualAccounts)
            {
                if (!vas.TryGetValue(bva.Name!, out var va))
                {
                    va = new VirtualAccount { SmartAccount = sa, Name = bva.Name! };
                    sa.VirtualAccounts.Add(va);
                    vas[va.Name] = va;
                }
                UpsertLicenses(va, bva.Licenses);
                UpsertProductInstances(va, bva.ProductInstances);
            }
        }
    }

    private void UpsertLicenses(VirtualAccount va, IReadOnlyList<BundleLicense> licenses)
    {
        var byName = va.Licenses.ToDictionary(l => l.Name, StringComparer.Ordinal);
        foreach (var b in licenses)
        {
            if (!byName.TryGetValue(b.Name!, out var license))
            {
                license = new License { Name = b.Name! };
                va.Licenses.Add(license);
                byName[license.Name] = license;
            }
            license.Quantity = b.Quantity!.Value;
            license.InUse = b.InUse!.Value;
            license.Available = b.Available!.Value;
            license.Status = b.Status;
            license.BillingType = b.BillingType;

            // A license in the bundle is described whole: its lines are the bundle's, matched by position.
            var byPosition = license.Lines.ToDictionary(l => l.Position);
            for (var position = 0; position < b.Lines.Count; position++)
            {
                var bl = b.Lines[position];
                if (!byPosition.TryGetValue(position, out var line))
                {
                    line = new LicenseLine { Position = position };
                    license.Lines.Add(line);
                }
                line.Type = bl.Type!.Value;
                line.Quantity = bl.Quantity!.Value;
                line.StartDate = bl.StartDate!.Value;
                line.EndDate = bl.EndDate;
                line.SubscriptionId = bl.SubscriptionId;
                line.Status = bl.Status;
            }
            foreach (var surplus in license.Lines.Where(l => l.Position >= b.Lines.Count).ToList())
                db.LicenseLines.Remove(surplus);
        }
    }

    private void UpsertProductInstances(VirtualAccount va, IReadOnlyList<BundleProductInstance> instances)
    {
        var bySerial = va.ProductInstances.ToDictionary(p => p.UdiSerialNumber, StringComparer.Ordinal);
        foreach (var b in instances)
        {
            if (!bySerial.TryGetValue(b.UdiSerialNumber!, out var instance))
            {
                instance = new ProductInstance { Name = b.Name!, UdiSerialNumber = b.UdiSerialNumber! };
                va.ProductInstances.Add(instance);
                bySerial[instance.UdiSerialNumber] = instance;
            }
            instance.Name = b.Name!;
            instance.ProductType = b.ProductType;
            instance.UdiPid = b.UdiPid;
            instance.RegisteredAt = b.RegisteredAt!.Value;
            instance.LastAuthorizationAt = b.LastAuthorizationAt;

            // The instance's license usage is the bundle's, matched by license name.
            var usage = instance.LicenseUsage.ToDictionary(u => u.LicenseName, StringComparer.Ordinal);
            foreach (var bu in b.LicenseUsage)
            {
                if (!usage.TryGetValue(bu.License!, out var row))
                {
                    row = new LicenseUsage { LicenseName = bu.License! };
                    instance.LicenseUsage.Add(row);
                }
                row.Quantity = bu.Quantity!.Value;
            }
            var wanted = b.LicenseUsage.Select(u => u.License!).ToHashSet(StringComparer.Ordinal);
            foreach (var gone in instance.LicenseUsage.Where(u => !wanted.Contains(u.LicenseName)).ToList())
                db.LicenseUsages.Remove(gone);
        }
    }

    private void UpsertUsers(InventoryBundle bundle, StoredInventory stored)
    {
        foreach (var b in bundle.Users)
        {
            if (!stored.Users.TryGetValue(b.Email!, out var user))
            {
                user = new User { Email = b.Email!, Name = b.Name! };
                db.Users.Add(user);
                stored.Users[user.Email] = user;
            }
            user.Name = b.Name!;
            user.TimeZone = b.TimeZone;

            // The user's access becomes exactly the bundle's (§1: visibility equals eligibility).
            var wanted = b.Access.Select(a =>
            {
                var sa = stored.SmartAccounts[a.SmartAccount!];
                var va = a.VirtualAccount is null ? null : sa.VirtualAccounts.Single(v => v.Name == a.VirtualAccount);
                return (SmartAccount: sa, VirtualAccount: va, Role: a.Role!.Value);
            }).ToList();
            // New accounts have no id yet (0 for all of them), so entities are compared by reference where the id is unset.
            static bool SameAccount(int id, SmartAccount? navigation, SmartAccount wanted) =>
                ReferenceEquals(navigation, wanted) || (id != 0 && id == wanted.Id);
            static bool SameVirtualAccount(int? id, VirtualAccount? navigation, VirtualAccount? wanted) =>
                wanted is null ? id is null && navigation is null
                               : ReferenceEquals(navigation, wanted) || (id is int i && i != 0 && i == wanted.Id);
            static bool Same(Access a, (SmartAccount SmartAccount, VirtualAccount? VirtualAccount, Role Role) w) =>
                a.Role == w.Role && SameAccount(a.SmartAccountId, a.SmartAccount, w.SmartAccount)
                && SameVirtualAccount(a.VirtualAccountId, a.VirtualAccount, w.VirtualAccount);

            foreach (var old in user.Access.Where(a => !wanted.Any(w => Same(a, w))).ToList())
                db.Access.Remove(old);
            foreach (var w in wanted.Where(w => !user.Access.Any(a => Same(a, w))))
                user.Access.Add(new Access { SmartAccount = w.SmartAccount, VirtualAccount = w.VirtualAccount, Role = w.Role });
        }
    }

    private void AddNewEvents(InventoryBundle bundle, StoredInventory stored)
    {
        foreach (var b in bundle.Events)
        {
            // Events are immutable log entries: one already stored with the same key is the same event.
            if (!stored.EventKeys.Add(EventKey.Of(b))) continue;
            var sa = stored.SmartAccounts[b.SmartAccount!];
            db.Events.Add(new Event
            {
                SmartAccount = sa,
                VirtualAccount = b.VirtualAccount is null ? null : sa.VirtualAccounts.Single(v => v.Name == b.VirtualAccount),
                At = b.At!.Value,
                Type = b.Type!.Value,
                Message = b.Message!,
                ActorEmail = b.ActorEmail,
                // History, not news: imported events are never status-notified (A6).
                StatusNotifiedAt = clock.GetUtcNow().UtcDateTime,
            });
        }
    }

    /// <summary>
    /// Stores the bundle's preferences (already normalised by N3 and N5) only where the user has none saved for
    /// that Smart Account, so an import never overwrites a user's own choices (docs/decisions/0101).
    /// </summary>
    /// <returns>How many bundle entries differ from what is saved and were left as saved.</returns>
    private int SeedPreferences(InventoryBundle bundle, StoredInventory stored)
    {
        var leftAsSaved = 0;
        foreach (var b in bundle.Users)
        {
            var user = stored.Users[b.Email!];
            foreach (var p in b.Preferences)
            {
                var sa = stored.SmartAccounts[p.SmartAccount!];
                if (stored.Preferences.TryGetValue((user.Id, sa.Id), out var saved))
                {
                    if (saved.DailyEventSummary != p.DailyEventSummary || saved.StatusNotification != p.StatusNotification ||
                        saved.Events != p.Events || saved.ExpiringRangeDays != p.ExpiringRangeDays || saved.AdditionalEmails != p.AdditionalEmails)
                        leftAsSaved++;
                    continue;
                }
                db.NotificationPreferences.Add(new NotificationPreference
                {
                    UserId = user.Id,
                    SmartAccountId = sa.Id,
                    DailyEventSummary = p.DailyEventSummary,
                    StatusNotification = p.StatusNotification,
                    Events = p.Events,
                    ExpiringRangeDays = p.ExpiringRangeDays,
                    AdditionalEmails = p.AdditionalEmails,
                });
            }
        }
        return leftAsSaved;
    }

    /// <summary>The natural key that de-duplicates events: Smart Account, Virtual Account, time, type and message.</summary>
    private sealed record EventKey(string Domain, string? VirtualAccount, DateTime At, EventType Type, string Message)
    {
        public static EventKey Of(BundleEvent e) => new(e.SmartAccount!, e.VirtualAccount, e.At!.Value, e.Type!.Value, e.Message!);
    }

    /// <summary>The stored rows a bundle touches, tracked, keyed by their natural keys.</summary>
    private sealed class StoredInventory
    {
        public Dictionary<string, SmartAccount> SmartAccounts { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, User> Users { get; } = new(StringComparer.Ordinal);
        public Dictionary<(int UserId, int SmartAccountId), NotificationPreference> Preferences { get; } = [];
        public HashSet<EventKey> EventKeys { get; } = [];

        public static async Task<StoredInventory> LoadAsync(ForewarnDbContext db, InventoryBundle bundle, CancellationToken ct)
        {
            var stored = new StoredInventory();
            var inventoryDomains = bundle.SmartAccounts.Select(s => s.Domain).OfType<string>().ToHashSet(StringComparer.Ordinal);
            var referenced = inventoryDomains
                .Concat(bundle.Users.SelectMany(u => u.Access.Select(a => a.SmartAccount).Concat(u.Preferences.Select(p => p.SmartAccount))))
                .Concat(bundle.Events.Select(e => e.SmartAccount))
                .OfType<string>().Distinct(StringComparer.Ordinal).ToList();

            foreach (var sa in await db.SmartAccounts.Include(s => s.VirtualAccounts).Where(s => referenced.Contains(s.Domain)).ToListAsync(ct))
                stored.SmartAccounts[sa.Domain] = sa;

            // Licenses and instances only of accounts the bundle describes; loading fills each VA's collections.
            var vaIds = stored.SmartAccounts.Values.Where(s => inventoryDomains.Contains(s.Domain))
                .SelectMany(s => s.VirtualAccounts).Select(v => v.Id).ToList();
            if (vaIds.Count > 0)
            {
                await db.Licenses.Include(l => l.Lines).Where(l => vaIds.Contains(l.VirtualAccountId)).LoadAsync(ct);
                await db.ProductInstances.Include(p => p.LicenseUsage).Where(p => vaIds.Contains(p.VirtualAccountId)).LoadAsync(ct);
            }

            var emails = bundle.Users.Select(u => u.Email).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            foreach (var user in await db.Users.Include(u => u.Access).Where(u => emails.Contains(u.Email)).ToListAsync(ct))
                stored.Users[user.Email] = user;
            var userIds = stored.Users.Values.Select(u => u.Id).ToList();
            if (userIds.Count > 0)
                foreach (var p in await db.NotificationPreferences.Where(p => userIds.Contains(p.UserId)).ToListAsync(ct))
                    stored.Preferences[(p.UserId, p.SmartAccountId)] = p;

            // Only stored events in the time span of the bundle's events can be the same events.
            foreach (var group in bundle.Events.Where(e => e.SmartAccount is not null && e.At is not null).GroupBy(e => e.SmartAccount!))
            {
                if (!stored.SmartAccounts.TryGetValue(group.Key, out var sa)) continue;
                var (from, to) = (group.Min(e => e.At!.Value), group.Max(e => e.At!.Value));
                var vaNames = sa.VirtualAccounts.ToDictionary(v => v.Id, v => v.Name);
                var rows = await db.Events.AsNoTracking()
                    .Where(e => e.SmartAccountId == sa.Id && e.At >= from && e.At <= to)
                    .Select(e => new { e.VirtualAccountId, e.At, e.Type, e.Message })
                    .ToListAsync(ct);
                foreach (var e in rows)
                    stored.EventKeys.Add(new EventKey(sa.Domain, e.VirtualAccountId is int id ? vaNames[id] : null, e.At, e.Type, e.Message));
            }
            return stored;
        }
    }
}
