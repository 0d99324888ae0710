namespace Messier.Workflows.Leases;

/// <summary>Tells whether a lease owner still exists, where that can be known.</summary>
public interface IOwnerLiveness
{
    /// <summary>True: alive. False: proven dead (same host, process gone or pid reused). Null: cannot tell (another host).</summary>
    bool? IsAlive(LeaseOwner owner);
}
