namespace Messier.Host.Tests.Support;

/// <summary>
/// Destroys a test's pool. zfs-fuse answers "pool is busy" for a moment after a dataset was
/// mounted, unmounted or rolled back (seen right after a test ends); a single try leaked most
/// sandboxes' pools into the shared daemon, so this tries again for a few seconds.
/// </summary>
public static class PoolCleanup
{
    public static void Destroy(string pool)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var (code, output) = Shell.Run("zpool", "destroy", "-f", pool);
            if (code == 0 || !output.Contains("pool is busy", StringComparison.Ordinal))
            {
                return;
            }

            Thread.Sleep(100);
        }
    }
}
