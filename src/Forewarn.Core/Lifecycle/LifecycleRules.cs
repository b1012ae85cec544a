using Forewarn.Core.Inventory;

namespace Forewarn.Core.Lifecycle;

/// <summary>The lifecycle columns of one product instance, as plain values (every instant UTC).</summary>
public sealed record InstanceLifecycle(
    DateTime RegisteredAt,
    RegistrationState RegistrationState,
    DateTime? LastRegistrationAttemptAt,
    DateTime? NextRegistrationAt,
    AuthorizationState AuthorizationState,
    DateTime? LastAuthorizationAt,
    DateTime? AuthorizationExpiresAt,
    DateTime? GraceEndsAt,
    DateTime? LastAuthorizationAttemptAt,
    DateTime? NextAuthorizationAt,
    DateTime? LastCheckInAt)
{
    /// <summary>When the engine next has something to do for the instance; null until it has first looked at it.</summary>
    public DateTime? DueAt => (NextRegistrationAt, NextAuthorizationAt) switch
    {
        (DateTime r, DateTime a) => r < a ? r : a,
        (DateTime r, null) => r,
        (null, DateTime a) => a,
        _ => null,
    };

    public static InstanceLifecycle Of(ProductInstance p) => new(
        p.RegisteredAt, p.RegistrationState, p.LastRegistrationAttemptAt, p.NextRegistrationAt,
        p.AuthorizationState, p.LastAuthorizationAt, p.AuthorizationExpiresAt, p.GraceEndsAt,
        p.LastAuthorizationAttemptAt, p.NextAuthorizationAt, p.LastCheckInAt);

    /// <summary>Writes the lifecycle columns to a tracked entity (registration through the agent API).</summary>
    public void CopyTo(ProductInstance p)
    {
        p.RegisteredAt = RegisteredAt;
        p.RegistrationState = RegistrationState;
        p.LastRegistrationAttemptAt = LastRegistrationAttemptAt;
        p.NextRegistrationAt = NextRegistrationAt;
        p.AuthorizationState = AuthorizationState;
        p.LastAuthorizationAt = LastAuthorizationAt;
        p.AuthorizationExpiresAt = AuthorizationExpiresAt;
        p.GraceEndsAt = GraceEndsAt;
        p.LastAuthorizationAttemptAt = LastAuthorizationAttemptAt;
        p.NextAuthorizationAt = NextAuthorizationAt;
        p.LastCheckInAt = LastCheckInAt;
        p.LifecycleDueAt = DueAt;
    }

    public bool IsAuthorized => AuthorizationState is AuthorizationState.Authorized or AuthorizationState.OutOfCompliance;
}

/// <summary>
/// One transition, written as one Event (L6). <paramref name="EffectiveAt"/> is when it took effect (for an imported
/// instance possibly long before the run that records it); <paramref name="Until"/> is the end of the period it opens.
/// </summary>
public sealed record LifecycleTransition(EventType Type, DateTime EffectiveAt, DateTime? Until = null, bool Recovered = false);

/// <summary>The alerts of L3 and L4, as the Alerts feature names them.</summary>
public enum LifecycleAlertKind { ProductInstanceFailedToConnect, AuthorizationExpired }

/// <summary>An alert to raise for the instance; <paramref name="ActionDue"/> is the instant by which to act.</summary>
public sealed record LifecycleAlert(LifecycleAlertKind Kind, DateTime ActionDue);

/// <summary>What one look at an instance decided: its new columns, the events to write, the alerts to raise or clear.</summary>
public sealed record LifecycleStep(
    InstanceLifecycle Next, IReadOnlyList<LifecycleTransition> Transitions, IReadOnlyList<LifecycleAlert> RaiseAlerts, bool ClearAlerts)
{
    public bool Initialised { get; init; }
}

/// <summary>
/// §5 as pure functions over <see cref="InstanceLifecycle"/>: no database, no clock but the instant given.
/// The renewal window (L5) and the treatment of imported instances are recorded in
/// docs/decisions/0701-lifecycle-renewal-window.md and 0702-lifecycle-imported-instances.md.
/// </summary>
public static class LifecycleRules
{
    /// <summary>
    /// A new registration through the agent API at <paramref name="now"/>: registered and authorized at once, the first
    /// renewals one interval later, and the registration itself counts as the instance's first check-in.
    /// </summary>
    public static InstanceLifecycle Registered(DateTime now, LifecycleOptions o)
    {
        var expires = now + o.AuthorizationPeriod;
        return new(now, RegistrationState.Registered, null, now + o.RegistrationRenewal,
            AuthorizationState.Authorized, now, expires, null, null, Earlier(now + o.AuthorizationRenewal, expires), now);
    }

    /// <summary>
    /// Everything due at <paramref name="now"/>: the first look at an imported instance, or at most one registration
    /// attempt and one authorization attempt. A late run makes one attempt, never one per missed interval.
    /// </summary>
    /// <param name="outOfCompliance">Whether the instance now uses more of some license than its Virtual Account holds.</param>
    public static LifecycleStep Advance(InstanceLifecycle s, DateTime now, bool outOfCompliance, LifecycleOptions o)
    {
        if (s.AuthorizationState == AuthorizationState.Pending) return Initialise(s, now, outOfCompliance, o);

        var transitions = new List<LifecycleTransition>();
        var alerts = new List<LifecycleAlert>();
        var clear = false;
        if (s.NextRegistrationAt is DateTime r && r <= now) s = AttemptRegistration(s, now, o, transitions);
        if (s.NextAuthorizationAt is DateTime a && a <= now) s = AttemptAuthorization(s, now, outOfCompliance, o, transitions, alerts, out clear);
        return new LifecycleStep(s, transitions, alerts, clear);
    }

    /// <summary>
    /// L5: an attempt at <paramref name="now"/> succeeds when the instance checked in after <paramref name="windowStart"/>,
    /// the previous attempt of the same kind (or the last success when there was none since). The window is
    /// (windowStart, now]; a check-in stamped later than now (another process's clock) still shows it is communicating.
    /// </summary>
    public static bool CheckedInWithin(DateTime? lastCheckIn, DateTime windowStart) => lastCheckIn is DateTime c && c > windowStart;

    private static InstanceLifecycle AttemptRegistration(InstanceLifecycle s, DateTime now, LifecycleOptions o, List<LifecycleTransition> transitions)
    {
        var windowStart = s.LastRegistrationAttemptAt ?? s.RegisteredAt;
        if (CheckedInWithin(s.LastCheckInAt, windowStart))
        {
            transitions.Add(new(EventType.RegistrationRenewed, now));
            return s with
            {
                RegistrationState = RegistrationState.Registered, LastRegistrationAttemptAt = now, NextRegistrationAt = now + o.RegistrationRenewal,
            };
        }
        // The failure is an event once per lapse; the retries that follow fail silently until one succeeds.
        if (s.RegistrationState == RegistrationState.Registered)
            transitions.Add(new(EventType.RegistrationRenewalFailed, now, now + o.RetryInterval));
        return s with
        {
            RegistrationState = RegistrationState.RenewalFailed, LastRegistrationAttemptAt = now, NextRegistrationAt = now + o.RetryInterval,
        };
    }

    private static InstanceLifecycle AttemptAuthorization(InstanceLifecycle s, DateTime now, bool outOfCompliance, LifecycleOptions o,
        List<LifecycleTransition> transitions, List<LifecycleAlert> alerts, out bool clearAlerts)
    {
        clearAlerts = false;
        var windowStart = s.LastAuthorizationAttemptAt ?? s.LastAuthorizationAt ?? s.RegisteredAt;
        if (CheckedInWithin(s.LastCheckInAt, windowStart))
        {
            // L2: Authorized and OutOfCompliance renew alike; L4: a retry in or after grace starts a new period.
            var recovered = !s.IsAuthorized;
            var expires = now + o.AuthorizationPeriod;
            transitions.Add(new(EventType.AuthorizationRenewed, now, expires, recovered));
            clearAlerts = recovered;
            return s with
            {
                AuthorizationState = outOfCompliance ? AuthorizationState.OutOfCompliance : AuthorizationState.Authorized,
                LastAuthorizationAt = now, AuthorizationExpiresAt = expires, GraceEndsAt = null,
                LastAuthorizationAttemptAt = now, NextAuthorizationAt = Earlier(now + o.AuthorizationRenewal, expires),
            };
        }

        s = s with { LastAuthorizationAttemptAt = now };
        if (s.IsAuthorized)
        {
            var expires = s.AuthorizationExpiresAt ?? now;
            if (now < expires)
            {
                // The period still runs: the next regular renewal, but never later than its end.
                transitions.Add(new(EventType.AuthorizationRenewalFailed, now, expires));
                return s with { NextAuthorizationAt = Earlier(now + o.AuthorizationRenewal, expires) };
            }
            s = StartGrace(s, expires, o, transitions, alerts);
        }
        if (s.AuthorizationState == AuthorizationState.InGrace && s.GraceEndsAt is DateTime graceEnds && now >= graceEnds)
            s = ExpireGrace(s, graceEnds, transitions, alerts);
        return s with { NextAuthorizationAt = NextRetry(s, now, o) };
    }

    /// <summary>
    /// The first look at an instance that did not register through the agent API (imported): its state as of
    /// <paramref name="now"/>, derived from when it registered and was last authorized. Each lapse it has passed through
    /// is one event (grace started, grace expired), never one per missed day; no attempt is made, since it cannot have
    /// checked in before the engine knew it.
    /// </summary>
    public static LifecycleStep Initialise(InstanceLifecycle s, DateTime now, bool outOfCompliance, LifecycleOptions o)
    {
        var transitions = new List<LifecycleTransition>();
        var alerts = new List<LifecycleAlert>();
        var lastSuccess = s.LastAuthorizationAt ?? s.RegisteredAt;
        var expires = lastSuccess + o.AuthorizationPeriod;
        s = s with
        {
            RegistrationState = RegistrationState.Registered,
            NextRegistrationAt = NextOnGrid(s.RegisteredAt, o.RegistrationRenewal, now),
            LastAuthorizationAt = lastSuccess,
            AuthorizationExpiresAt = expires,
            GraceEndsAt = null,
        };
        if (now < expires)
        {
            s = s with
            {
                AuthorizationState = outOfCompliance ? AuthorizationState.OutOfCompliance : AuthorizationState.Authorized,
                NextAuthorizationAt = Earlier(NextOnGrid(lastSuccess, o.AuthorizationRenewal, now), expires),
            };
        }
        else
        {
            s = StartGrace(s with { AuthorizationState = AuthorizationState.Authorized }, expires, o, transitions, alerts);
            if (s.GraceEndsAt is DateTime graceEnds && now >= graceEnds) s = ExpireGrace(s, graceEnds, transitions, alerts);
            // The retries' windows start now: nothing before it can count.
            s = s with { LastAuthorizationAttemptAt = now, NextAuthorizationAt = NextRetry(s, now, o) };
        }
        return new LifecycleStep(s, transitions, alerts, false) { Initialised = true };
    }

    private static InstanceLifecycle StartGrace(InstanceLifecycle s, DateTime expiredAt, LifecycleOptions o,
        List<LifecycleTransition> transitions, List<LifecycleAlert> alerts)
    {
        var graceEnds = expiredAt + o.GracePeriod;
        transitions.Add(new(EventType.GracePeriodStarted, expiredAt, graceEnds));
        alerts.Add(new(LifecycleAlertKind.ProductInstanceFailedToConnect, graceEnds));
        return s with { AuthorizationState = AuthorizationState.InGrace, GraceEndsAt = graceEnds };
    }

    private static InstanceLifecycle ExpireGrace(InstanceLifecycle s, DateTime graceEnds,
        List<LifecycleTransition> transitions, List<LifecycleAlert> alerts)
    {
        transitions.Add(new(EventType.GracePeriodExpired, graceEnds));
        // A step that lapsed and ran out of grace at once (missed runs, an imported instance) raises only the later alert.
        alerts.RemoveAll(x => x.Kind == LifecycleAlertKind.ProductInstanceFailedToConnect);
        alerts.Add(new(LifecycleAlertKind.AuthorizationExpired, graceEnds));
        return s with { AuthorizationState = AuthorizationState.GraceExpired };
    }

    /// <summary>L4: retries at the retry interval; in grace, never later than its end, so it expires on time.</summary>
    private static DateTime NextRetry(InstanceLifecycle s, DateTime now, LifecycleOptions o) =>
        s.AuthorizationState == AuthorizationState.InGrace && s.GraceEndsAt is DateTime graceEnds
            ? Earlier(now + o.RetryInterval, graceEnds)
            : now + o.RetryInterval;

    /// <summary>The first instant <c>anchor + k·interval</c> (k ≥ 1) after <paramref name="now"/>: where a regular schedule started at anchor stands.</summary>
    public static DateTime NextOnGrid(DateTime anchor, TimeSpan interval, DateTime now)
    {
        if (now < anchor) return anchor + interval;
        var k = (now - anchor).Ticks / interval.Ticks + 1;
        return anchor + TimeSpan.FromTicks(k * interval.Ticks);
    }

    private static DateTime Earlier(DateTime a, DateTime b) => a < b ? a : b;
}
