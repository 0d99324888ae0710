namespace Messier.Testing;

/// <summary>Exports a test's pool once its fresh zfs-fuse mounts answer (see <see cref="PoolCleanup"/>).</summary>
public static class PoolExport
{
    public static void Export(string pool)
    {
        PoolCleanup.Settle(pool);
        Shell.Must("zpool", "export", pool);
    }
}
