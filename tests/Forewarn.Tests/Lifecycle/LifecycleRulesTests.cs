using Forewarn.Core.Inventory;
using Forewarn.Core.Lifecycle;

namespace Forewarn.Tests.Lifecycle;

/// <summary>§5 as pure rules: no database, a day loop over <see cref="LifecycleRules.Advance"/>.</summary>
public class LifecycleRulesTests
{
    private static readonly DateTime T0 = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);
    private static readonly LifecycleOptions Defaults = new();

    private static DateTime Day(double n) => T0.AddDays(n);

    /// <summary>Runs the engine once a day at 00:00 from day 1 to <paramref name="lastDay"/>; check-ins at 08:00 on the days given.</summary>
    private static (InstanceLifecycle Final, List<(int Day, LifecycleStep Step)> Steps) Drive(
        InstanceLifecycle start, int lastDay, Func<int, bool> checksInOn, bool outOfCompliance = false, LifecycleOptions? o = null)
    {
        var s = start;
        var steps = new List<(int, LifecycleStep)>();
        for (var d = 1; d <= lastDay; d++)
        {
            var step = LifecycleRules.Advance(s, Day(d), outOfCompliance, o ?? Defaults);
            if (step.Transitions.Count > 0 || step.RaiseAlerts.Count > 0 || step.ClearAlerts) steps.Add((d, step));
            s = step.Next;
            if (checksInOn(d)) s = s with { LastCheckInAt = Day(d).AddHours(8) };
        }
        return (s, steps);
    }

    private static List<(int Day, EventType Type)> Events(IEnumerable<(int Day, LifecycleStep Step)> steps) =>
        steps.SelectMany(x => x.Step.Transitions.Select(t => (x.Day, t.Type))).ToList();

    [Fact]
    public void Registered_NewInstance_AuthorizedForNinetyDaysWithRenewalsThirtyDaysOn()
    {
        var s = LifecycleRules.Registered(T0, Defaults);

        Assert.Equal(RegistrationState.Registered, s.RegistrationState);
        Assert.Equal(AuthorizationState.Authorized, s.AuthorizationState);
        Assert.Equal(Day(30), s.NextRegistrationAt);
        Assert.Equal(Day(30), s.NextAuthorizationAt);
        Assert.Equal(Day(90), s.AuthorizationExpiresAt);
        Assert.Equal(T0, s.LastAuthorizationAt);
        Assert.Equal(T0, s.LastCheckInAt);
        Assert.Equal(Day(30), s.DueAt);
    }

    [Fact]
    public void Advance_InstanceStopsCheckingIn_AuthorizedThenGraceThenGraceExpiredOnTheRightDays()
    {
        // Checks in through day 10, then never again (L3, L4).
        var (final, steps) = Drive(LifecycleRules.Registered(T0, Defaults), 300, d => d <= 10);

        Assert.Equal(
        [
            // Day 30: the check-in of day 10 lies in both windows (since registration): both renew (L1, L2).
            (30, EventType.RegistrationRenewed), (30, EventType.AuthorizationRenewed),
            // Day 60: nothing since day 30. Registration is retried daily from now on, silently.
            (60, EventType.RegistrationRenewalFailed), (60, EventType.AuthorizationRenewalFailed),
            (90, EventType.AuthorizationRenewalFailed),
            // Day 120 = day 30 + 90: the period granted on day 30 ends (L3).
            (120, EventType.GracePeriodStarted),
            // Day 210 = day 120 + 90 days of grace (L4).
            (210, EventType.GracePeriodExpired),
        ], Events(steps));
        Assert.Equal(AuthorizationState.GraceExpired, final.AuthorizationState);
        Assert.Equal(RegistrationState.RenewalFailed, final.RegistrationState);
        // Retries go on daily after grace expired (L4).
        Assert.Equal(Day(301), final.NextAuthorizationAt);
        Assert.Equal(Day(301), final.NextRegistrationAt);

        var graceStart = steps.Single(x => x.Day == 120).Step;
        Assert.Equal(new LifecycleTransition(EventType.GracePeriodStarted, Day(120), Day(210)), graceStart.Transitions.Single());
        Assert.Equal([new LifecycleAlert(LifecycleAlertKind.ProductInstanceFailedToConnect, Day(210))], graceStart.RaiseAlerts);
        Assert.Equal([new LifecycleAlert(LifecycleAlertKind.AuthorizationExpired, Day(210))], steps.Single(x => x.Day == 210).Step.RaiseAlerts);
    }

    [Fact]
    public void Advance_CheckInDuringGrace_NextRetryStartsANewPeriodAndClearsAlerts()
    {
        var (final, steps) = Drive(LifecycleRules.Registered(T0, Defaults), 160, d => d <= 10 || d == 150);

        var recovery = steps.Single(x => x.Day == 151).Step;
        Assert.Equal(new LifecycleTransition(EventType.AuthorizationRenewed, Day(151), Day(241), Recovered: true),
            recovery.Transitions.Single(t => t.Type == EventType.AuthorizationRenewed));
        Assert.True(recovery.ClearAlerts);
        // Registration, retried daily since day 60, renews on the same retry.
        Assert.Contains(recovery.Transitions, t => t.Type == EventType.RegistrationRenewed);
        Assert.Equal(AuthorizationState.Authorized, final.AuthorizationState);
        Assert.Equal(RegistrationState.Registered, final.RegistrationState);
        Assert.Null(final.GraceEndsAt);
        Assert.Equal(Day(241), final.AuthorizationExpiresAt);
        Assert.Equal(Day(181), final.NextAuthorizationAt);
        Assert.DoesNotContain(Events(steps), e => e.Day is > 120 and < 151);
    }

    [Fact]
    public void Advance_CheckInAfterGraceExpired_NextRetryRestoresAuthorization()
    {
        var (final, steps) = Drive(LifecycleRules.Registered(T0, Defaults), 260, d => d <= 10 || d == 250);

        Assert.Equal([(210, EventType.GracePeriodExpired)], Events(steps).Where(e => e.Type == EventType.GracePeriodExpired));
        var recovery = steps.Single(x => x.Day == 251).Step;
        Assert.Contains(new LifecycleTransition(EventType.AuthorizationRenewed, Day(251), Day(341), Recovered: true), recovery.Transitions);
        Assert.True(recovery.ClearAlerts);
        Assert.Equal(AuthorizationState.Authorized, final.AuthorizationState);
    }

    [Fact]
    public void Advance_OutOfComplianceInstanceCheckingIn_StillRenewsEveryThirtyDays()
    {
        var start = LifecycleRules.Registered(T0, Defaults) with { AuthorizationState = AuthorizationState.OutOfCompliance };

        var (final, steps) = Drive(start, 200, _ => true, outOfCompliance: true);

        Assert.Equal([30, 60, 90, 120, 150, 180], Events(steps).Where(e => e.Type == EventType.AuthorizationRenewed).Select(e => e.Day));
        Assert.DoesNotContain(Events(steps), e => e.Type is EventType.GracePeriodStarted or EventType.AuthorizationRenewalFailed);
        Assert.Equal(AuthorizationState.OutOfCompliance, final.AuthorizationState);
        Assert.Equal(Day(270), final.AuthorizationExpiresAt);
    }

    [Fact]
    public void Advance_ComplianceChanged_StateFollowsAtTheNextRenewal()
    {
        var s = LifecycleRules.Registered(T0, Defaults) with { LastCheckInAt = Day(5) };

        var over = LifecycleRules.Advance(s, Day(30), outOfCompliance: true, Defaults).Next;
        var back = LifecycleRules.Advance(over with { LastCheckInAt = Day(45) }, Day(60), outOfCompliance: false, Defaults).Next;

        Assert.Equal(AuthorizationState.OutOfCompliance, over.AuthorizationState);
        Assert.Equal(AuthorizationState.Authorized, back.AuthorizationState);
    }

    [Fact]
    public void Advance_CheckingInDaily_RegistrationRenewsEveryThirtyDays()
    {
        var (_, steps) = Drive(LifecycleRules.Registered(T0, Defaults), 185, _ => true);

        Assert.Equal([30, 60, 90, 120, 150, 180], Events(steps).Where(e => e.Type == EventType.RegistrationRenewed).Select(e => e.Day));
        Assert.Equal(12, Events(steps).Count);
    }

    [Theory]
    // The window of an attempt is (previous attempt, now]: a check-in at the previous attempt's instant was its own.
    [InlineData(0.0, false)]
    [InlineData(0.000001, true)]
    [InlineData(29.9, true)]
    [InlineData(30.0, true)]
    public void Advance_CheckInAt_CountsOnlyAfterThePreviousAttempt(double checkInDay, bool renews)
    {
        var s = LifecycleRules.Registered(T0, Defaults) with { LastCheckInAt = Day(checkInDay) };

        var step = LifecycleRules.Advance(s, Day(30), false, Defaults);

        Assert.Equal(renews ? EventType.AuthorizationRenewed : EventType.AuthorizationRenewalFailed,
            step.Transitions.Single(t => t.Type is EventType.AuthorizationRenewed or EventType.AuthorizationRenewalFailed).Type);
    }

    [Fact]
    public void Advance_RunsMissedForMonths_OneLookRaisesEachLapseOnce()
    {
        var s = LifecycleRules.Registered(T0, Defaults);

        // No run between registration and day 400: one attempt, not one per missed day.
        var step = LifecycleRules.Advance(s, Day(400), false, Defaults);

        Assert.Equal(
        [
            new LifecycleTransition(EventType.RegistrationRenewalFailed, Day(400), Day(401)),
            new LifecycleTransition(EventType.GracePeriodStarted, Day(90), Day(180)),
            new LifecycleTransition(EventType.GracePeriodExpired, Day(180)),
        ], step.Transitions);
        Assert.Equal(AuthorizationState.GraceExpired, step.Next.AuthorizationState);
        Assert.Equal(Day(401), step.Next.NextAuthorizationAt);
        Assert.Empty(LifecycleRules.Advance(step.Next, Day(400), false, Defaults).Transitions);
    }

    [Fact]
    public void Advance_NothingDue_ChangesNothing()
    {
        var s = LifecycleRules.Registered(T0, Defaults);

        var step = LifecycleRules.Advance(s, Day(29.99), false, Defaults);

        Assert.Equal(s, step.Next);
        Assert.Empty(step.Transitions);
    }

    public static TheoryData<string, double?, AuthorizationState, EventType[], double?, double> Imported => new()
    {
        // registeredAt days before day 0, lastAuthorizationAt days before day 0 (null: never), expected state, events,
        // grace deadline (days from day 0), next authorization attempt (days from day 0).
        { "authorized 40 days ago: next attempt on the 30-day grid, day 20", 40, AuthorizationState.Authorized, [], null, 20 },
        { "authorized 89 days ago: period ends tomorrow", 89, AuthorizationState.Authorized, [], null, 1 },
        { "authorized exactly 90 days ago: grace from today", 90, AuthorizationState.InGrace, [EventType.GracePeriodStarted], 90, 1 },
        { "authorized 100 days ago: in grace for 10 days", 100, AuthorizationState.InGrace, [EventType.GracePeriodStarted], 80, 1 },
        { "authorized 179.5 days ago: grace ends in 12 hours", 179.5, AuthorizationState.InGrace, [EventType.GracePeriodStarted], 0.5, 0.5 },
        { "authorized 200 days ago: grace over", 200, AuthorizationState.GraceExpired, [EventType.GracePeriodStarted, EventType.GracePeriodExpired], -20, 1 },
        { "never authorized, registered 300 days ago: counted from registration", null, AuthorizationState.GraceExpired,
            [EventType.GracePeriodStarted, EventType.GracePeriodExpired], -120, 1 },
    };

    [Theory, MemberData(nameof(Imported))]
    public void Initialise_ImportedInstance_StateFromItsLastAuthorizationWithEachLapseOnce(
        string because, double? authorizedDaysAgo, AuthorizationState state, EventType[] events, double? graceDeadline, double nextAttempt)
    {
        var imported = new InstanceLifecycle(Day(-300), RegistrationState.Registered, null, null, AuthorizationState.Pending,
            authorizedDaysAgo is double a ? Day(-a) : null, null, null, null, null, null);

        var step = LifecycleRules.Advance(imported, T0, false, Defaults);

        Assert.True(step.Initialised, because);
        Assert.Equal(state, step.Next.AuthorizationState);
        Assert.Equal(events, step.Transitions.Select(t => t.Type));
        Assert.Equal(graceDeadline is double g ? Day(g) : null, step.Next.GraceEndsAt);
        Assert.Equal(Day(nextAttempt), step.Next.NextAuthorizationAt);
        // Registration keeps its 30-day grid from registeredAt: day -300 + 330 = day 30.
        Assert.Equal(Day(30), step.Next.NextRegistrationAt);
        // The first run raised them; the next runs do not raise them again, however many days pass without check-ins.
        var (_, later) = Drive(step.Next, 60, _ => false);
        Assert.DoesNotContain(Events(later), e => events.Contains(e.Type));
    }

    [Fact]
    public void Initialise_GraceStartedEvent_CarriesTheDayTheLapseTookEffect()
    {
        var imported = new InstanceLifecycle(Day(-300), RegistrationState.Registered, null, null, AuthorizationState.Pending,
            Day(-100), null, null, null, null, null);

        var step = LifecycleRules.Advance(imported, T0, false, Defaults);

        Assert.Equal(new LifecycleTransition(EventType.GracePeriodStarted, Day(-10), Day(80)), step.Transitions.Single());
        Assert.Equal([new LifecycleAlert(LifecycleAlertKind.ProductInstanceFailedToConnect, Day(80))], step.RaiseAlerts);
    }

    [Fact]
    public void Advance_ShorterSettings_ScheduleFollowsThem()
    {
        var o = new LifecycleOptions
        {
            RegistrationRenewal = TimeSpan.FromDays(7), AuthorizationRenewal = TimeSpan.FromDays(10), AuthorizationPeriod = TimeSpan.FromDays(25),
            GracePeriod = TimeSpan.FromDays(5), RetryInterval = TimeSpan.FromHours(12),
        };

        var (_, steps) = Drive(LifecycleRules.Registered(T0, o), 40, d => d <= 3, o: o);

        Assert.Equal(
        [
            (7, EventType.RegistrationRenewed), (10, EventType.AuthorizationRenewed),
            (14, EventType.RegistrationRenewalFailed), (20, EventType.AuthorizationRenewalFailed),
            (30, EventType.AuthorizationRenewalFailed),
            // Renewed on day 10 for 25 days: ends day 35; grace of 5 days ends day 40.
            (35, EventType.GracePeriodStarted), (40, EventType.GracePeriodExpired),
        ], Events(steps));
    }

    /// <summary>
    /// L2, L3: OutOfCompliance counts as authorized. Its renewals are regular ones (not recoveries, no alerts cleared), and
    /// when it stops checking in it lapses on the same days as an Authorized instance: renewal failures, grace, expiry.
    /// </summary>
    [Fact]
    public void Advance_OutOfComplianceInstanceStopsCheckingIn_RenewsRegularlyThenLapsesLikeAnAuthorizedOne()
    {
        var (final, steps) = Drive(LifecycleRules.Registered(T0, Defaults), 220, d => d <= 10, outOfCompliance: true);

        Assert.Equal(
        [
            (30, EventType.RegistrationRenewed), (30, EventType.AuthorizationRenewed),
            (60, EventType.RegistrationRenewalFailed), (60, EventType.AuthorizationRenewalFailed),
            (90, EventType.AuthorizationRenewalFailed),
            (120, EventType.GracePeriodStarted),
            (210, EventType.GracePeriodExpired),
        ], Events(steps));
        var renewal = steps.Single(x => x.Day == 30).Step;
        Assert.Equal(new LifecycleTransition(EventType.AuthorizationRenewed, Day(30), Day(120), Recovered: false),
            renewal.Transitions.Single(t => t.Type == EventType.AuthorizationRenewed));
        Assert.False(renewal.ClearAlerts);
        Assert.Equal(AuthorizationState.OutOfCompliance, renewal.Next.AuthorizationState);
        Assert.Equal([LifecycleAlertKind.ProductInstanceFailedToConnect],
            steps.Single(x => x.Day == 120).Step.RaiseAlerts.Select(a => a.Kind));
        Assert.Equal((AuthorizationState.GraceExpired, Day(210)), (final.AuthorizationState, final.GraceEndsAt));
    }

    /// <summary>
    /// L4, L6: retries follow Forewarn:Lifecycle:RetryInterval (here 3 days, not the default daily), for registration,
    /// during grace (day 120, the end of the period granted on day 30) and after it expired (day 210, on the 3-day grid).
    /// </summary>
    [Fact]
    public void Advance_RetryIntervalConfigured_RetriesFollowItDuringAndAfterGrace()
    {
        var o = new LifecycleOptions { RetryInterval = TimeSpan.FromDays(3) };
        var s = LifecycleRules.Registered(T0, o) with { LastCheckInAt = Day(10) };
        var authorizationAttempts = new List<int>();
        var registrationAttempts = new List<int>();
        for (var d = 1; d <= 240; d++)
        {
            var next = LifecycleRules.Advance(s, Day(d), outOfCompliance: false, o).Next;
            if (next.LastAuthorizationAttemptAt != s.LastAuthorizationAttemptAt) authorizationAttempts.Add(d);
            if (next.LastRegistrationAttemptAt != s.LastRegistrationAttemptAt) registrationAttempts.Add(d);
            s = next;
        }

        Assert.Equal(new[] { 30, 60, 90 }.Concat(Enumerable.Range(0, 41).Select(k => 120 + 3 * k)), authorizationAttempts);
        Assert.Equal(new[] { 30 }.Concat(Enumerable.Range(0, 61).Select(k => 60 + 3 * k)), registrationAttempts);
        Assert.Equal((AuthorizationState.GraceExpired, Day(210), Day(243)), (s.AuthorizationState, s.GraceEndsAt, s.NextAuthorizationAt));
    }

    [Theory]
    [InlineData(0, 30)]
    [InlineData(29.5, 30)]
    [InlineData(30, 60)]
    [InlineData(61, 90)]
    [InlineData(-5, 30)]
    public void NextOnGrid_Now_FirstGridPointAfterIt(double nowDay, double expectedDay) =>
        Assert.Equal(Day(expectedDay), LifecycleRules.NextOnGrid(T0, TimeSpan.FromDays(30), Day(nowDay)));

    [Fact]
    public void LifecycleOptions_Defaults_AreTheSpecsAndValid()
    {
        var o = new LifecycleOptions();

        Assert.Equal((30, 30, 90, 90, 1), (o.RegistrationRenewal.TotalDays, o.AuthorizationRenewal.TotalDays, o.AuthorizationPeriod.TotalDays,
            o.GracePeriod.TotalDays, o.RetryInterval.TotalDays));
        Assert.Empty(o.Problems());
    }

    [Fact]
    public void LifecycleOptions_WrongValues_EachNamed()
    {
        var o = new LifecycleOptions { GracePeriod = TimeSpan.Zero, RetryInterval = TimeSpan.FromSeconds(-1), AuthorizationRenewal = TimeSpan.FromDays(100) };

        var problems = o.Problems().ToList();

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Forewarn:Lifecycle:GracePeriod must be between", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Forewarn:Lifecycle:RetryInterval must be between", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Forewarn:Lifecycle:AuthorizationRenewal (100.00:00:00) must not be longer", StringComparison.Ordinal));
    }

    [Fact]
    public void Message_GracePeriodStarted_DatesInTheAccountZone()
    {
        // 2026-03-01 03:00 UTC is still 28 February in New York.
        var t = new LifecycleTransition(EventType.GracePeriodStarted, new DateTime(2026, 3, 1, 3, 0, 0, DateTimeKind.Utc),
            new DateTime(2026, 5, 30, 3, 0, 0, DateTimeKind.Utc));

        var message = LifecycleMessages.For(t, "edge-01", "FOC1", TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), Defaults);

        Assert.Equal("Product instance 'edge-01' (FOC1): authorization period expired on 2026-02-28 without a successful renewal; " +
                     "grace period started, ends 2026-05-29. Alert raised: product instance failed to connect. Retrying every day.", message);
    }
}
