namespace Messier.Workflows.Leases;

/// <summary>The lease stored on an instance.</summary>
public sealed record LeaseInfo(LeaseOwner Owner, DateTimeOffset ExpiresAt)
{
    /// <summary>Held means: not expired, and the owner not proven dead.</summary>
    public bool IsHeld(DateTimeOffset now, IOwnerLiveness liveness) =>
        ExpiresAt > now && liveness.IsAlive(Owner) != false;
}
