using Messier.Workflows.Leases;

namespace Messier.Journal.Tests.Support;

/// <summary>Liveness decided by the test: lets engine-level logic see a "dead" owner without killing a process.</summary>
public sealed class FakeLiveness(Func<LeaseOwner, bool?> isAlive) : IOwnerLiveness
{
    public static FakeLiveness AllAlive { get; } = new(_ => true);

    public static FakeLiveness AllDead { get; } = new(_ => false);

    public bool? IsAlive(LeaseOwner owner) => isAlive(owner);
}
