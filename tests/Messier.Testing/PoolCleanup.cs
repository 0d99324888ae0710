namespace Messier.Testing;

/// <summary>
/// Destroys a test's pool without tripping zfs-fuse. Unmounting a filesystem whose FUSE
/// connection has not finished its handshake (a pool created or imported a moment ago) answers
/// "pool is busy", and was seen to leave the umount hanging and the daemon unable to serve new
/// mounts. So each mounted filesystem is first looked at (which waits for the handshake, with a
/// time limit), then destroy is tried a few times, calmly.
/// </summary>
public static class PoolCleanup
{
    public static void Destroy(string pool)
    {
        Settle(pool);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var (code, output) = Shell.Run("zpool", "destroy", "-f", pool);
            if (code == 0 || !output.Contains("pool is busy", StringComparison.Ordinal))
            {
                return;
            }

            Thread.Sleep(250);
        }
    }

    /// <summary>Waits (up to a few seconds) until every mounted filesystem of the pool answers.</summary>
    public static void Settle(string pool)
    {
        var (code, output) = Shell.Run("zfs", "list", "-H", "-r", "-t", "filesystem", "-o", "mounted,mountpoint", pool);
        if (code != 0)
        {
            return;
        }

        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('\t');
            if (fields.Length == 2 && fields[0] == "yes" && fields[1].StartsWith('/'))
            {
                // A stat through a connection still in its handshake blocks; never block the test run on it.
                Task.Run(() => Directory.Exists(fields[1]) && Directory.EnumerateFileSystemEntries(fields[1]).Any()).Wait(TimeSpan.FromSeconds(5));
            }
        }
    }
}
