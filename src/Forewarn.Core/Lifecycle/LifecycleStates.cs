namespace Forewarn.Core.Lifecycle;

/// <summary>Where an instance's registration stands (L1).</summary>
public enum RegistrationState
{
    /// <summary>The last registration renewal succeeded (or none was due yet).</summary>
    Registered,
    /// <summary>A renewal failed; retried at the retry interval until one succeeds.</summary>
    RenewalFailed,
}

/// <summary>Where an instance's authorization stands (L2-L4).</summary>
public enum AuthorizationState
{
    /// <summary>
    /// The engine has not looked at the instance yet (as imported): its first run derives the state from
    /// <c>registeredAt</c> and <c>lastAuthorizationAt</c> (docs/decisions/0702-lifecycle-imported-instances.md).
    /// </summary>
    Pending,
    Authorized,
    /// <summary>Authorized, but it uses more of a license than the Virtual Account holds; still renewed (L2).</summary>
    OutOfCompliance,
    /// <summary>The authorization period ended without a successful renewal; retried (L3, L4).</summary>
    InGrace,
    /// <summary>The grace period ended too; still retried (L4).</summary>
    GraceExpired,
}
