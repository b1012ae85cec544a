namespace Forewarn.Core.Preferences;

/// <summary>A user's preferences for one Smart Account as the Preferences tab and the API show them.</summary>
/// <param name="AdditionalEmails">Only for a Smart Account admin (N5); null for everybody else.</param>
public sealed record PreferencesView(
    string SmartAccount,
    bool DailyEventSummary,
    bool StatusNotification,
    IReadOnlyList<string> Events,
    int? ExpiringRangeDays,
    IReadOnlyList<string>? AdditionalEmails,
    bool IsSmartAccountAdmin)
{
    public static PreferencesView From(string domain, NotificationPreference? p, bool isAdmin) => new(
        domain,
        p?.DailyEventSummary ?? false,
        p?.StatusNotification ?? false,
        NotificationTypeCatalog.Names(p?.Events ?? NotificationTypes.All),
        p is null ? null : ExpiringRange.Normalise(p.DailyEventSummary, p.Events, p.ExpiringRangeDays),
        isAdmin ? p?.AdditionalEmailList ?? [] : null,
        isAdmin);
}
