using Forewarn.Core.Digest;
using Forewarn.Core.Inventory;
using Forewarn.Core.Preferences;
using Forewarn.Core.Time;

namespace Forewarn.Tests.Digest;

/// <summary>§1 visibility equals eligibility, applied to the digest (D2, D3).</summary>
public class DigestVisibilityTests
{
    private static readonly DateOnly D = new(2026, 12, 3);
    private const int Emea = 2, Apjc = 3;
    private static readonly DateTime InWindow = new(2026, 12, 2, 15, 0, 0, DateTimeKind.Utc);

    private static DigestBuilder For(params (Role, int?)[] access) =>
        new(new DigestRecipient(1, "u@x.com", "U", NotificationTypes.All, 90, Visibility.From(access), []), D, AccountClock.Zone("UTC"));

    [Fact]
    public void VirtualAccountUser_Lines_OnlyThatVirtualAccount()
    {
        var b = For((Role.VirtualAccountUser, Emea));
        b.AddLine(new DigestLineSource(1, "In EMEA", Emea, "EMEA", 1, LicenseType.Term, D.AddDays(5)));
        b.AddLine(new DigestLineSource(2, "In APJC", Apjc, "APJC", 1, LicenseType.Term, D.AddDays(5)));
        var row = Assert.Single(b.Build("A", "a.com", "UTC", "https://o").Expiring);
        Assert.Equal("In EMEA", row.License);
    }

    [Fact]
    public void VirtualAccountUser_SmartAccountLevelEvent_IsNotShown()
    {
        var b = For((Role.VirtualAccountAdmin, Emea));
        b.AddEvent(new DigestEventSource(1, InWindow, EventType.NewLicenses, "sa-level", null, null));
        b.AddEvent(new DigestEventSource(2, InWindow, EventType.NewLicenses, "emea", Emea, "EMEA"));
        b.AddEvent(new DigestEventSource(3, InWindow, EventType.NewLicenses, "apjc", Apjc, "APJC"));
        var events = b.Build("A", "a.com", "UTC", "https://o").EventGroups.SelectMany(g => g.Events).Select(e => e.Message);
        Assert.Equal(["emea"], events);
    }

    [Theory]
    [InlineData(Role.SmartAccountAdmin)]
    [InlineData(Role.SmartAccountUser)]
    [InlineData(Role.SmartAccountViewer)]
    public void SmartAccountRole_SmartAccountLevelEvent_IsShown(Role role)
    {
        var b = For((role, null));
        b.AddEvent(new DigestEventSource(1, InWindow, EventType.NewLicenses, "sa-level", null, null));
        b.AddEvent(new DigestEventSource(2, InWindow, EventType.NewLicenses, "apjc", Apjc, "APJC"));
        Assert.Equal(2, b.Build("A", "a.com", "UTC", "https://o").EventCount);
    }

    [Fact]
    public void Recipient_UnselectedEventType_IsNotShown_AndBackInComplianceFollowsInsufficientLicenses()
    {
        var b = new DigestBuilder(new DigestRecipient(1, "u@x.com", "U", NotificationTypes.InsufficientLicenses, null,
            Visibility.From([(Role.SmartAccountUser, (int?)null)]), []), D, AccountClock.Zone("UTC"));
        b.AddEvent(new DigestEventSource(1, InWindow, EventType.NewLicenses, "new", null, null));
        b.AddEvent(new DigestEventSource(2, InWindow, EventType.BackInCompliance, "back", null, null));
        b.AddEvent(new DigestEventSource(3, InWindow, EventType.PreferencesChanged, "prefs", null, null));
        var group = Assert.Single(b.Build("A", "a.com", "UTC", "https://o").EventGroups);
        Assert.Equal(EventType.BackInCompliance, group.Type);
    }

    [Fact]
    public void Builder_EventsGroupedByTypeAlertsFirst_NewestFirst()
    {
        var b = For((Role.SmartAccountUser, null));
        b.AddEvent(new DigestEventSource(1, InWindow.AddHours(-2), EventType.NewLicenses, "older", null, null));
        b.AddEvent(new DigestEventSource(2, InWindow, EventType.NewLicenses, "newer", null, null));
        b.AddEvent(new DigestEventSource(3, InWindow, EventType.LicensesRemoved, "removed", null, null));
        b.AddEvent(new DigestEventSource(4, InWindow, EventType.GracePeriodStarted, "grace", null, null));
        b.AddEvent(new DigestEventSource(5, InWindow, EventType.InsufficientLicenses, "short", null, null));
        var groups = b.Build("A", "a.com", "UTC", "https://o").EventGroups;
        // Alert events first, in the Preferences tab's order (N2), then informational ones.
        Assert.Equal([EventType.InsufficientLicenses, EventType.GracePeriodStarted, EventType.NewLicenses, EventType.LicensesRemoved],
            groups.Select(g => g.Type));
        Assert.Equal(["newer", "older"], groups[2].Events.Select(e => e.Message));
    }
}
