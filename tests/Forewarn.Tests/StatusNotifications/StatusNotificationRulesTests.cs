using Forewarn.Core.Alerts;
using Forewarn.Core.Inventory;
using Forewarn.Core.Preferences;
using Forewarn.Core.StatusNotifications;

namespace Forewarn.Tests.StatusNotifications;

/// <summary>Who is told what (N2 with the §1 table, visibility) and in what order, as pure rules; the settings' validation.</summary>
public class StatusNotificationRulesTests
{
    private static readonly Visibility WholeAccount = new(true, new HashSet<int>(), false);
    private static readonly Visibility Emea = new(false, new HashSet<int> { 7 }, false);

    private static StatusRecipient Recipient(NotificationTypes events, Visibility visibility) =>
        new(1, "u@acme.com", "U", events, visibility, []);

    public static TheoryData<EventType, NotificationTypes> SelectedByTable => new()
    {
        { EventType.LicensesExpiring, NotificationTypes.LicensesExpiring },
        { EventType.LicensesExpired, NotificationTypes.LicensesExpired },
        { EventType.InsufficientLicenses, NotificationTypes.InsufficientLicenses },
        { EventType.BackInCompliance, NotificationTypes.InsufficientLicenses },
        { EventType.GracePeriodStarted, NotificationTypes.ProductInstanceFailedToConnect },
        { EventType.GracePeriodExpired, NotificationTypes.AuthorizationExpired },
        { EventType.ProductInstanceRemoved, NotificationTypes.ProductInstanceFailedToRenew },
        { EventType.AuthorizationRenewed, NotificationTypes.AuthorizationRenewed },
    };

    [Theory, MemberData(nameof(SelectedByTable))]
    public void Selects_EventType_OnlyWhenItsNotificationTypeIsTicked(EventType type, NotificationTypes tick)
    {
        var change = new StatusChange(1, DateTime.UtcNow, type, "m", 7, "EMEA");
        Assert.True(StatusNotificationBuilder.Selects(Recipient(tick, WholeAccount), change));
        Assert.False(StatusNotificationBuilder.Selects(Recipient(NotificationTypes.All & ~tick, WholeAccount), change));
    }

    [Theory]
    [InlineData(EventType.PreferencesChanged)]
    [InlineData(EventType.AlertDismissed)]
    public void Selects_EventLogOnlyTypes_Never(EventType type) =>
        Assert.False(StatusNotificationBuilder.Selects(Recipient(NotificationTypes.All, WholeAccount), new StatusChange(1, DateTime.UtcNow, type, "m", null, null)));

    [Fact]
    public void Selects_VirtualAccountRole_OnlyItsVirtualAccountAndNeverSmartAccountLevelChanges()
    {
        var r = Recipient(NotificationTypes.All, Emea);
        Assert.True(StatusNotificationBuilder.Selects(r, new StatusChange(1, DateTime.UtcNow, EventType.NewLicenses, "m", 7, "EMEA")));
        Assert.False(StatusNotificationBuilder.Selects(r, new StatusChange(2, DateTime.UtcNow, EventType.NewLicenses, "m", 8, "APJC")));
        Assert.False(StatusNotificationBuilder.Selects(r, new StatusChange(3, DateTime.UtcNow, EventType.NewLicenses, "m", null, null)));
    }

    [Fact]
    public void Groups_MixedChanges_AlertEventsFirstLinesByDateOthersNewestFirstInTheAccountZone()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var d = new DateOnly(2026, 12, 3);
        var at = new DateTime(2026, 12, 3, 11, 0, 0, DateTimeKind.Utc);
        StatusChange[] changes =
        [
            new(1, at, EventType.NewLicenses, "10 added", 7, "EMEA"),
            new(2, at, EventType.LicensesExpiring, "x", 7, "EMEA", new ChangedLine("B", "EMEA", 2, d.AddDays(30), d)),
            new(3, at, EventType.LicensesExpiring, "x", 7, "EMEA", new ChangedLine("A", "EMEA", 1, d.AddDays(30), d)),
            new(4, at, EventType.LicensesExpiring, "x", 7, "EMEA", new ChangedLine("Z", "EMEA", 9, d, d)),
            new(5, at.AddMinutes(5), EventType.BackInCompliance, "back", 7, "EMEA"),
            new(6, at, EventType.InsufficientLicenses, "short", 7, "EMEA"),
            new(7, at, EventType.LicensesExpired, "gone", 7, "EMEA", new ChangedLine("Y", "EMEA", 3, d.AddDays(-1), d)),
        ];

        var groups = StatusNotificationBuilder.Groups(Recipient(NotificationTypes.All, WholeAccount), changes, zone);

        Assert.Equal([EventType.InsufficientLicenses, EventType.BackInCompliance, EventType.LicensesExpiring, EventType.LicensesExpired, EventType.NewLicenses],
            groups.Select(g => g.Type));
        Assert.Equal(
            [
                "- 2026-12-03 06:00 | EMEA | short",
                "- 2026-12-03 06:05 | EMEA | back",
                "- Z | EMEA | qty 9 | expires 2026-12-03 | expires today",
                "- A | EMEA | qty 1 | expires 2027-01-02 | 30 days left",
                "- B | EMEA | qty 2 | expires 2027-01-02 | 30 days left",
                "- Y | EMEA | qty 3 | expired 2026-12-02",
                "- 2026-12-03 06:00 | EMEA | 10 added",
            ], groups.SelectMany(g => g.Rows).Select(r => r.TextLine));
        Assert.True(groups[2].AllExpiring);
        Assert.True(groups[3].AllExpired);
    }

    [Theory]
    [InlineData("90,60,30,17,7,4,3", new[] { 90, 60, 30, 17, 7, 4, 3 })]
    [InlineData(" 3 , 120,0", new[] { 120, 3, 0 })]
    public void AlertOptionsParse_ValidSchedule_LargestFirst(string text, int[] expected) =>
        Assert.Equal(expected, AlertOptions.Parse(text, out _));

    [Fact]
    public void StatusNotificationOptions_NegativeWindowOrZeroBatch_NamesTheSetting()
    {
        var options = new StatusNotificationOptions { CoalescingWindow = TimeSpan.FromMinutes(-1), MaxChangesPerEmail = 0 };
        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).Select(e => e.ErrorMessage).ToList();
        Assert.Equal(
            [
                "Forewarn:StatusNotifications:CoalescingWindow must be between 00:00:00 and 1.00:00:00 (got -00:01:00).",
                "Forewarn:StatusNotifications:MaxChangesPerEmail must be 1-100000 (got 0).",
            ], errors);
    }
}
