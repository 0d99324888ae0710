namespace Messier.Testing;

/// <summary>
/// Makes sure the zfs-fuse daemon runs: a test that needs ZFS starts it rather than skipping.
/// script/setup-test-env installs the package.
/// </summary>
public static class ZfsFuse
{
    private static readonly Lock Gate = new();

    public static void EnsureRunning()
    {
        lock (Gate)
        {
            if (Shell.Run("zpool", "list").ExitCode == 0)
            {
                return;
            }

            // A pid file left by a killed daemon makes zfs-fuse exit at once without a word.
            if (Shell.Run("pgrep", "-x", "zfs-fuse").ExitCode != 0)
            {
                File.Delete("/run/zfs-fuse.pid");
            }

            Shell.Must("zfs-fuse", "--pidfile", "/run/zfs-fuse.pid");
            for (var i = 0; i < 50; i++)
            {
                if (Shell.Run("zpool", "list").ExitCode == 0)
                {
                    return;
                }

                Thread.Sleep(200);
            }

            Assert.Fail("zfs-fuse did not come up; run script/setup-test-env");
        }
    }
}
