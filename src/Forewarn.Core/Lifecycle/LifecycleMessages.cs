using System.Globalization;
using Forewarn.Core.Inventory;
using Forewarn.Core.Time;

namespace Forewarn.Core.Lifecycle;

/// <summary>The Event Log text of each lifecycle transition; dates are calendar dates in the Smart Account's zone.</summary>
public static class LifecycleMessages
{
    /// <param name="graceAlsoExpired">The same step also ran out of grace (missed runs, an imported instance): then no
    /// FailedToConnect alert is raised, only the AuthorizationExpired one, and the message does not claim one.</param>
    public static string For(LifecycleTransition t, string instanceName, string serialNumber, TimeZoneInfo zone, LifecycleOptions o,
        bool graceAlsoExpired = false)
    {
        var who = $"Product instance '{instanceName}' ({serialNumber})";
        string Date(DateTime? utc) => utc is DateTime d ? AccountClock.LocalDate(d, zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "?";
        var retry = Every(o.RetryInterval);
        return t.Type switch
        {
            EventType.RegistrationRenewed => $"{who}: registration renewed; next renewal in {Duration(o.RegistrationRenewal)}.",
            EventType.RegistrationRenewalFailed =>
                $"{who}: registration renewal failed: the instance has not checked in since the last attempt; retrying every {retry}.",
            EventType.AuthorizationRenewed when t.Recovered =>
                $"{who}: authorization renewed after it had lapsed; a new authorization period runs until {Date(t.Until)}. Its lapse alerts are cleared.",
            EventType.AuthorizationRenewed => $"{who}: authorization renewed until {Date(t.Until)}.",
            EventType.AuthorizationRenewalFailed =>
                $"{who}: authorization renewal failed: the instance has not checked in since the last attempt; the authorization period ends {Date(t.Until)}.",
            EventType.GracePeriodStarted when graceAlsoExpired =>
                $"{who}: authorization period expired on {Date(t.EffectiveAt)} without a successful renewal; grace period started, ends {Date(t.Until)}.",
            EventType.GracePeriodStarted =>
                $"{who}: authorization period expired on {Date(t.EffectiveAt)} without a successful renewal; grace period started, ends {Date(t.Until)}. " +
                $"Alert raised: product instance failed to connect. Retrying every {retry}.",
            EventType.GracePeriodExpired =>
                $"{who}: grace period expired on {Date(t.EffectiveAt)}; authorization expired. Alert raised: authorization expired. Retrying every {retry}.",
            EventType.ProductInstanceRegistered => $"{who} registered.",
            _ => $"{who}: {t.Type}.",
        };
    }

    public static string Registered(string instanceName, string serialNumber, string virtualAccount, bool again, string? movedFrom = null) =>
        movedFrom is not null
            ? $"Product instance '{instanceName}' ({serialNumber}) moved from {movedFrom} to {virtualAccount}, registered with its token: it has a new credential and a new authorization period, and reports its license usage here."
            : again
            ? $"Product instance '{instanceName}' ({serialNumber}) registered again in {virtualAccount}: it has a new credential and a new authorization period."
            : $"Product instance '{instanceName}' ({serialNumber}) registered in {virtualAccount}.";

    public static string MovedAway(string instanceName, string serialNumber, string virtualAccount, string movedTo) =>
        $"Product instance '{instanceName}' ({serialNumber}) left {virtualAccount}: it registered in {movedTo} with that Virtual Account's token; the licenses it used here are released.";

    /// <summary>"30 days", "1 day", "12 hours".</summary>
    public static string Duration(TimeSpan span) => Every(span) switch { "day" => "1 day", "hour" => "1 hour", var other => other };

    /// <summary>"day", "30 days", "hour", "12 hours": what follows "every".</summary>
    public static string Every(TimeSpan span) => span switch
    {
        { TotalDays: 1 } => "day",
        _ when span.Ticks % TimeSpan.TicksPerDay == 0 => $"{(long)span.TotalDays} days",
        { TotalHours: 1 } => "hour",
        _ when span.Ticks % TimeSpan.TicksPerHour == 0 => $"{(long)span.TotalHours} hours",
        _ => span.ToString("c", CultureInfo.InvariantCulture),
    };
}
