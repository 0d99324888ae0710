namespace Messier.Workflows.Leases;

/// <summary>The answer to a lease request: acquired, or held by someone else (who, until when).</summary>
public sealed record LeaseResult(bool Acquired, LeaseInfo? HeldBy, bool TookOverFromDeadOwner)
{
    public static LeaseResult Granted(bool tookOver) => new(true, null, tookOver);

    public static LeaseResult Refused(LeaseInfo holder) => new(false, holder, false);

    public static LeaseResult NotFound { get; } = new(false, null, false);
}
