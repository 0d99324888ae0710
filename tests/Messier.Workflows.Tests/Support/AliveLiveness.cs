using Messier.Workflows.Leases;

namespace Messier.Workflows.Tests.Support;

/// <summary>Liveness with a fixed answer, to test lease rules without real processes.</summary>
public sealed class FixedLiveness(bool? alive) : IOwnerLiveness
{
    public bool? IsAlive(LeaseOwner owner) => alive;
}
