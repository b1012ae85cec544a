using Forewarn.Core.Inventory;

namespace Forewarn.Core.Alerts;

/// <summary>
/// The words of alerts (Alerts tab) and of their events (Event Log, digest, status notification). Alert messages say
/// how to renew (A7); event messages state the fact only, since the mails that carry them say how to renew once.
/// </summary>
public static class AlertMessages
{
    private static string Left(DateOnly today, DateOnly expiry) => LicenseExpiry.On(today, expiry).Describe();

    public static string ExpiringAlert(string license, string va, int quantity, DateOnly expiry, DateOnly today, string orderingUrl) =>
        $"{license} in {va}: quantity {quantity} expires on {expiry:yyyy-MM-dd}, {Left(today, expiry)}. To renew, place an order at {orderingUrl}";

    public static string ExpiringEvent(string license, string va, int quantity, DateOnly expiry, DateOnly today, int threshold) =>
        $"{license} in {va}: quantity {quantity} expires on {expiry:yyyy-MM-dd}, {Left(today, expiry)} ({threshold}-day notice).";

    public static string ExpiredAlert(string license, string va, int quantity, DateOnly expiry, string orderingUrl) =>
        $"{license} in {va}: quantity {quantity} expired on {expiry:yyyy-MM-dd} and is no longer valid. To renew, place an order at {orderingUrl}";

    public static string ExpiredEvent(string license, string va, int quantity, DateOnly expiry) =>
        $"{license} in {va}: quantity {quantity} expired on {expiry:yyyy-MM-dd}.";

    public static string InsufficientAlert(string license, string va, int inUse, int valid, string orderingUrl) =>
        $"{license} in {va}: {inUse} in use but only {valid} valid, {inUse - valid} short. To buy licenses, place an order at {orderingUrl}";

    public static string InsufficientEvent(string license, string va, int inUse, int valid) =>
        $"{license} in {va}: {inUse} in use exceeds the {valid} valid licenses.";

    public static string BackInComplianceEvent(string license, string va, int inUse, int valid) =>
        $"{license} in {va} is back in compliance: {inUse} in use, {valid} valid.";

    public static string DismissedEvent(string actor, AlertKind kind, string message) =>
        $"{actor} dismissed the {kind} alert: {message}";
}
