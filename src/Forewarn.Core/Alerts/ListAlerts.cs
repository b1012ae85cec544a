using Forewarn.Core.Data;
using Forewarn.Core.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Core.Alerts;

/// <summary>
/// The Alerts tab of a Smart Account (§1, A5): the alerts the user can see (an alert with no VA only for Smart-Account-level
/// roles, like events), sorted by severity then action due, optionally filtered by severity and state, with the counts of
/// active Major and Minor alerts for the header. The page and <c>GET /api/v1/smart-accounts/{domain}/alerts</c> both call it.
/// </summary>
public sealed class ListAlerts(ForewarnDbContext db, TimeProvider clock)
{
    /// <param name="Severity">Major, Minor or Informational (any case); null: all.</param>
    /// <param name="State">Active, Dismissed or Cleared (any case); null: all.</param>
    public sealed record Request(int UserId, string SmartAccountDomain, string? Severity = null, string? State = null, PageRequest? Page = null);

    /// <param name="Source">"Smart Account" or the virtual account's name (§1).</param>
    /// <param name="License">The license the alert links to, if any; <paramref name="ProductInstance"/> likewise.</param>
    /// <param name="CanDismiss">The alert is active and the user may change its virtual account (A5).</param>
    public sealed record Row(long Id, AlertKind Kind, AlertSeverity Severity, string Message, string Source, int? VirtualAccountId,
        int? LicenseId, string? License, int? LicenseLineId, int? ProductInstanceId, string? ProductInstance, DateOnly ActionDue,
        AlertState State, DateTimeOffset RaisedAt, DateTimeOffset UpdatedAt, string? DismissedBy, DateTimeOffset? DismissedAt,
        DateTimeOffset? ClearedAt, bool CanDismiss);

    /// <summary>Active alerts the user can see, whatever the filter: the header's badges.</summary>
    public sealed record Counts(int ActiveMajor, int ActiveMinor);

    public sealed record View(Counts Counts, AlertSeverity? Severity, AlertState? State, AccountListPage<Row> Page);

    public async Task<Result<View>> HandleAsync(Request request, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var severity = ParseFilter<AlertSeverity>("severity", request.Severity, errors);
        var state = ParseFilter<AlertState>("state", request.State, errors);
        if (errors.Count > 0) return Result<View>.Invalid(errors);

        var viewer = await Viewer.FindAsync(db, clock, request.UserId, request.SmartAccountDomain, ct);
        if (viewer is null) return Result<View>.NotFound("smartAccount", $"No Smart Account '{request.SmartAccountDomain}' is visible to you.");

        var visible = viewer.Visible(db.Alerts.AsNoTracking());
        var counts = await CountsAsync(visible, ct);
        var filtered = visible;
        if (severity is AlertSeverity s) filtered = filtered.Where(a => a.Severity == s);
        if (state is AlertState st) filtered = filtered.Where(a => a.State == st);
        var total = await filtered.CountAsync(ct);
        var (number, size, skip) = (request.Page ?? new()).Resolve(total);
        // Severity is stored by name; rank it in SQL so the order is Major, Minor, Informational (§1), then action due.
        var ordered = filtered
            .OrderBy(a => a.Severity == AlertSeverity.Major ? 0 : a.Severity == AlertSeverity.Minor ? 1 : 2)
            .ThenBy(a => a.ActionDue).ThenBy(a => a.Id)
            .Skip(skip).Take(size);
        var rows = await viewer.RowsAsync(db, ordered, ct);
        return Result<View>.Ok(new View(counts, severity, state, new AccountListPage<Row>(viewer.Account, number, size, total, rows)));
    }

    /// <summary>The header's counts for a user and an account; null when the account is not visible to them.</summary>
    public async Task<Counts?> CountsAsync(int userId, string smartAccountDomain, CancellationToken ct)
    {
        var viewer = await Viewer.FindAsync(db, clock, userId, smartAccountDomain, ct);
        return viewer is null ? null : await CountsAsync(viewer.Visible(db.Alerts.AsNoTracking()), ct);
    }

    private static async Task<Counts> CountsAsync(IQueryable<Alert> visible, CancellationToken ct)
    {
        var active = await visible.Where(a => a.State == AlertState.Active)
            .GroupBy(a => a.Severity).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return new Counts(active.Where(c => c.Key == AlertSeverity.Major).Sum(c => c.Count),
            active.Where(c => c.Key == AlertSeverity.Minor).Sum(c => c.Count));
    }

    private static T? ParseFilter<T>(string field, string? text, List<FieldError> errors) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim();
        if (t.All(char.IsAsciiLetter) && Enum.TryParse<T>(t, ignoreCase: true, out var value)) return value;
        errors.Add(new FieldError(field, $"'{text}' is not a {field}; choose one of {string.Join(", ", Enum.GetNames<T>())}."));
        return null;
    }

    /// <summary>One user looking at one Smart Account: what they can see and what their roles let them change.</summary>
    internal sealed record Viewer(SmartAccountHeader Account, Visibility Visibility, IReadOnlyList<(Role Role, int? VirtualAccountId)> Access)
    {
        public static async Task<Viewer?> FindAsync(ForewarnDbContext db, TimeProvider clock, int userId, string domain, CancellationToken ct)
        {
            var account = await SmartAccountHeader.FindAsync(db, userId, domain, clock, ct);
            if (account is null) return null;
            // Which VA each role covers decides what may be dismissed (A5): the header carries the access rows.
            return new Viewer(account, account.Visibility, account.Access);
        }

        public IQueryable<Alert> Visible(IQueryable<Alert> alerts)
        {
            var id = Account.Id;
            alerts = alerts.Where(a => a.SmartAccountId == id);
            if (Visibility.WholeAccount) return alerts;
            var vas = Visibility.VirtualAccountIds.ToList();
            return alerts.Where(a => a.VirtualAccountId != null && vas.Contains(a.VirtualAccountId.Value));
        }

        public bool CanSee(Alert alert) => alert.SmartAccountId == Account.Id && Visibility.CanSeeEvent(alert.VirtualAccountId);

        public bool MayDismiss(int? virtualAccountId) => AlertPermissions.MayChange(Access, virtualAccountId);

        public async Task<List<Row>> RowsAsync(ForewarnDbContext db, IQueryable<Alert> alerts, CancellationToken ct)
        {
            var rows = await alerts.Select(a => new
            {
                Alert = a,
                VirtualAccount = db.VirtualAccounts.Where(v => v.Id == a.VirtualAccountId).Select(v => v.Name).FirstOrDefault(),
                License = db.Licenses.Where(l => l.Id == a.LicenseId).Select(l => l.Name).FirstOrDefault(),
                ProductInstance = db.ProductInstances.Where(p => p.Id == a.ProductInstanceId).Select(p => p.Name).FirstOrDefault(),
            }).ToListAsync(ct);
            return rows.Select(r => new Row(r.Alert.Id, r.Alert.Kind, r.Alert.Severity, r.Alert.Message, r.VirtualAccount ?? "Smart Account",
                r.Alert.VirtualAccountId, r.Alert.LicenseId, r.License, r.Alert.LicenseLineId, r.Alert.ProductInstanceId, r.ProductInstance,
                r.Alert.ActionDue, r.Alert.State, Account.Local(r.Alert.RaisedAt), Account.Local(r.Alert.UpdatedAt), r.Alert.DismissedBy,
                r.Alert.DismissedAt is { } d ? Account.Local(d) : null, r.Alert.ClearedAt is { } c ? Account.Local(c) : null,
                r.Alert.State == AlertState.Active && MayDismiss(r.Alert.VirtualAccountId))).ToList();
        }
    }
}

/// <summary>A5 as a pure rule: who may change (and so dismiss alerts of) a virtual account, or the Smart Account itself.</summary>
public static class AlertPermissions
{
    /// <summary>
    /// SmartAccountAdmin and SmartAccountUser anywhere in the account; VirtualAccountAdmin and VirtualAccountUser in their own
    /// VA only. Viewers never; an alert with no VA only by the two SA-level roles that may change things.
    /// </summary>
    public static bool MayChange(IEnumerable<(Role Role, int? VirtualAccountId)> access, int? virtualAccountId) =>
        access.Any(a => a.Role is Role.SmartAccountAdmin or Role.SmartAccountUser
                        || (a.Role is Role.VirtualAccountAdmin or Role.VirtualAccountUser && virtualAccountId is int va && a.VirtualAccountId == va));
}
