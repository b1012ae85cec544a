using Forewarn.Core.Inventory;
using Forewarn.Core.Preferences;

namespace Forewarn.Core.Digest;

/// <summary>One person a digest may go to, with what they chose (N2, N3) and what they can see (§1).</summary>
public sealed record DigestRecipient(
    int UserId, string Email, string Name, NotificationTypes Events, int? RangeDays,
    Visibility Visibility, IReadOnlyList<string> AdditionalEmails);

/// <summary>An event of the SA's log as the digest reads it.</summary>
public sealed record DigestEventSource(long Id, DateTime AtUtc, EventType Type, string Message, int? VirtualAccountId, string? VirtualAccountName);

/// <summary>A license line with an expiry date as the digest reads it.</summary>
public sealed record DigestLineSource(int LineId, string License, int VirtualAccountId, string VirtualAccountName, int Quantity, LicenseType Type, DateOnly? Expires);

/// <summary>
/// Collects one recipient's digest from the streamed events and lines, applying D2, D3 and visibility.
/// Pure: no database, no clock.
/// </summary>
public sealed class DigestBuilder(DigestRecipient recipient, DateOnly digestDate, TimeZoneInfo zone)
{
    private readonly List<DigestEventSource> _events = [];
    private readonly List<ExpiringLineRow> _expiring = [];

    public DigestRecipient Recipient => recipient;

    /// <summary>D2: selected type, visible VA (SA-level events only for SA-level roles), inside the day before D.</summary>
    public void AddEvent(DigestEventSource e)
    {
        var selectedBy = NotificationTypeCatalog.SelectedBy(e.Type);
        if (selectedBy == NotificationTypes.None || !recipient.Events.HasFlag(selectedBy)) return;
        if (!recipient.Visibility.CanSeeEvent(e.VirtualAccountId)) return;
        var (start, end) = DigestWindow.EventsUtc(digestDate, zone);
        if (e.AtUtc < start || e.AtUtc >= end) return;
        _events.Add(e);
    }

    /// <summary>D3: only with a range; D ≤ E ≤ D + R; never perpetual; only visible VAs.</summary>
    public void AddLine(DigestLineSource line)
    {
        if (recipient.RangeDays is not int range) return;
        if (line.Type == LicenseType.Perpetual || line.Expires is not DateOnly expires) return;
        if (!recipient.Visibility.CanSeeVirtualAccount(line.VirtualAccountId)) return;
        if (!DigestWindow.IsExpiringWithin(digestDate, range, expires)) return;
        _expiring.Add(new ExpiringLineRow(line.License, line.VirtualAccountName, line.Quantity, expires,
            DigestWindow.DaysLeft(digestDate, expires)));
    }

    public DigestModel Build(string smartAccountName, string smartAccountDomain, string timeZoneId, string orderingUrl)
    {
        var groups = _events
            .GroupBy(e => e.Type)
            // Alert events first, then informational ones, in the order of the Preferences tab (N2).
            .OrderBy(g => NotificationTypeCatalog.Position(NotificationTypeCatalog.SelectedBy(g.Key))).ThenBy(g => g.Key)
            .Select(g => new DigestEventGroup(g.Key, g
                .OrderByDescending(e => e.AtUtc).ThenByDescending(e => e.Id)
                .Select(e => new DigestEventRow(e.AtUtc,
                    TimeZoneInfo.ConvertTimeFromUtc(e.AtUtc, zone).ToString("yyyy-MM-dd HH:mm"),
                    e.VirtualAccountName, e.Type, e.Message))
                .ToList()))
            .ToList();
        var expiring = _expiring
            .OrderBy(r => r.Expires).ThenBy(r => r.License, StringComparer.Ordinal).ThenBy(r => r.VirtualAccount, StringComparer.Ordinal)
            .ToList();
        return new DigestModel(smartAccountName, smartAccountDomain, timeZoneId, digestDate,
            recipient.Name, recipient.Email, groups, recipient.RangeDays, expiring, orderingUrl);
    }
}
