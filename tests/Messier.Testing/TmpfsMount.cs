namespace Messier.Testing;

/// <summary>
/// A small kernel tmpfs mounted on a fresh temp folder: a second filesystem, or a mountpoint, for
/// tests whose subject is crossing filesystems rather than ZFS. It needs no daemon, so it costs
/// nothing and cannot hang the way a busy zfs-fuse can.
/// </summary>
public sealed class TmpfsMount : IDisposable
{
    public TmpfsMount()
    {
        Path = Directory.CreateTempSubdirectory("messier-tmpfs-").FullName;
        Shell.Must("mount", "-t", "tmpfs", "-o", "size=16m,mode=0755", "messier-test", Path);
    }

    /// <summary>The mountpoint.</summary>
    public string Path { get; }

    public void Dispose()
    {
        if (Shell.Run("umount", Path).ExitCode != 0)
        {
            // Busy (a test left a file open): detach it now, the kernel frees it when released.
            Shell.Run("umount", "-l", Path);
        }

        Directory.Delete(Path);
    }
}
