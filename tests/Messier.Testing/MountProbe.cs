namespace Messier.Testing;

/// <summary>
/// Asks, from a separate process that can be killed, whether a new mount answers (which also
/// completes its FUSE handshake before anything may destroy it; see PoolCleanup). A zfs-fuse
/// wedged by another run's early destroy leaves new mounts unanswered forever, and a test thread
/// that stat()s one would hang the whole test run instead of failing this one test.
/// </summary>
public static class MountProbe
{
    public static void AssertAnswers(string path, int seconds = 30)
    {
        var (code, output) = Shell.Run("timeout", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "stat", "-c", "%m", "--", path);
        Assert.True(code == 0, code == 124
            ? $"{path} did not answer within {seconds} s: the filesystem's daemon (zfs-fuse) is stuck, which is an environment problem, not this test's"
            : $"stat {path} exited with {code}: {output}");
    }
}
