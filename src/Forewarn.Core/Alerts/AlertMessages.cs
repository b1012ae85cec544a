using Forewarn.Core.Inventory;

namespace Forewarn.Core.Alerts;

/// <summary>
/// The words of alerts (Alerts tab) and of their events (Event Log, digest, status notification). Alert messages say
/// how to renew (A7); event messages state the fact only, since the mails that carry them say how to renew once.
/// </summary>
public static class AlertMessages
{
    private static string Left(DateOnly today, DateOnly expiry) => LicenseExpiry.On(today, expiry).Describe();

    /// <summary>The words right before the ordering URL that ends every license alert's message (A7).</summary>
    private const string PlaceAnOrderAt = "place an order at ";

    public static string ExpiringAlert(string license, string va, int quantity, DateOnly expiry, DateOnly today, string orderingUrl) =>
        $"{license} in {va}: quantity {quantity} expires on {expiry:yyyy-MM-dd}, {Left(today, expiry)}. To renew, {PlaceAnOrderAt}{orderingUrl}";

    public static string ExpiringEvent(string license, string va, int quantity, DateOnly expiry, DateOnly today, int threshold) =>
        $"{license} in {va}: quantity {quantity} expires on {expiry:yyyy-MM-dd}, {Left(today, expiry)} ({threshold}-day notice).";

    public static string ExpiredAlert(string license, string va, int quantity, DateOnly expiry, string orderingUrl) =>
        $"{license} in {va}: quantity {quantity} expired on {expiry:yyyy-MM-dd} and is no longer valid. To renew, {PlaceAnOrderAt}{orderingUrl}";

    public static string ExpiredEvent(string license, string va, int quantity, DateOnly expiry) =>
        $"{license} in {va}: quantity {quantity} expired on {expiry:yyyy-MM-dd}.";

    public static string InsufficientAlert(string license, string va, int inUse, int valid, string orderingUrl) =>
        $"{license} in {va}: {inUse} in use but only {valid} valid, {inUse - valid} short. To buy licenses, {PlaceAnOrderAt}{orderingUrl}";

    public static string InsufficientEvent(string license, string va, int inUse, int valid) =>
        $"{license} in {va}: {inUse} in use exceeds the {valid} valid licenses.";

    public static string BackInComplianceEvent(string license, string va, int inUse, int valid) =>
        $"{license} in {va} is back in compliance: {inUse} in use, {valid} valid.";

    public static string DismissedEvent(string actor, AlertKind kind, string message) =>
        $"{actor} dismissed the {kind} alert: {message}";

    /// <summary>
    /// A license alert's message cut before its ordering URL (A7), so a page can make the URL a link of its own; the
    /// message whole and no URL otherwise. The last "place an order at" counts: a license name may contain the words, the
    /// URL (configuration) always comes last. Lifecycle alerts carry no URL, whatever their instance is called.
    /// </summary>
    public static (string Text, string? OrderingUrl) SplitOrderingUrl(AlertKind kind, string message)
    {
        if (kind is not (AlertKind.LicensesExpiring or AlertKind.LicensesExpired or AlertKind.InsufficientLicenses)) return (message, null);
        var at = message.LastIndexOf(PlaceAnOrderAt, StringComparison.Ordinal);
        if (at < 0) return (message, null);
        var cut = at + PlaceAnOrderAt.Length;
        var url = message[cut..];
        return url.Length == 0 || url.Any(char.IsWhiteSpace) ? (message, null) : (message[..cut], url);
    }
}
