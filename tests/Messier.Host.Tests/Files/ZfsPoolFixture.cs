using Messier.Host.Tests.Support;

namespace Messier.Host.Tests.Files;

/// <summary>
/// One zfs-fuse pool for a whole test class, each test using datasets and folders of its own
/// names: zfs-fuse is shared by every test run on the machine, and a pool per test is load it
/// has been seen to buckle under.
/// </summary>
public sealed class ZfsPoolFixture : IDisposable
{
    public ZfsPoolFixture()
    {
        Zfs = new ZfsSandbox(driveBytes: 256L * 1024 * 1024);
        try
        {
            Zfs.CreatePool(Zfs.PathOf("pool"));
            MountProbe.AssertAnswers(Zfs.PathOf("pool"));
        }
        catch
        {
            // xunit does not dispose a fixture whose constructor threw.
            Zfs.Dispose();
            throw;
        }
    }

    public ZfsSandbox Zfs { get; }

    /// <summary>Creates a dataset mounted at a new folder of the sandbox and checks that the mount answers.</summary>
    public (string Dataset, string Mountpoint) CreateDataset(string name)
    {
        var dataset = $"{Zfs.PoolName}/{name}";
        var mountpoint = Zfs.PathOf(name);
        Shell.Must("zfs", "create", "-o", $"mountpoint={mountpoint}", dataset);
        MountProbe.AssertAnswers(mountpoint);
        return (dataset, mountpoint);
    }

    public void Dispose() => Zfs.Dispose();
}
