using System.Security.Cryptography;

namespace Messier.Testing;

/// <summary>
/// A test's own ZFS world: a folder with file-backed drives and a pool name nobody else uses.
/// Disposing destroys the pool (importing it first if the test exported it) and the files.
/// </summary>
public sealed class ZfsSandbox : IDisposable
{
    public ZfsSandbox(int drives = 2, long driveBytes = 128L * 1024 * 1024)
    {
        ZfsFuse.EnsureRunning();
        Root = Directory.CreateTempSubdirectory("messier-zfs-").FullName;
        DriveDirectory = Path.Combine(Root, "drives");
        Directory.CreateDirectory(DriveDirectory);
        PoolName = "mt" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        Drives = Enumerable.Range(1, drives).Select(i => Path.Combine(DriveDirectory, $"drive{i}")).ToArray();
        foreach (var drive in Drives)
        {
            using var file = File.Create(drive);
            file.SetLength(driveBytes);
        }
    }

    public string Root { get; }

    public string DriveDirectory { get; }

    public string PoolName { get; }

    public IReadOnlyList<string> Drives { get; }

    /// <summary>A path under the sandbox for mountpoints and data.</summary>
    public string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>Creates the pool directly with zpool, for tests whose subject is not pool creation.</summary>
    public void CreatePool(string? mountpoint = null)
    {
        Shell.Must(["zpool", "create", "-m", mountpoint ?? PathOf("pool"), PoolName, "mirror", .. Drives]);
    }

    public bool PoolImported => Shell.Run("zpool", "list", "-H", "-o", "name", PoolName).ExitCode == 0;

    public string ZfsGet(string dataset, string property) =>
        Shell.Must("zfs", "get", "-H", "-o", "value", property, dataset).Trim();

    public void Dispose()
    {
        if (!PoolImported)
        {
            Shell.Run("zpool", "import", "-d", DriveDirectory, PoolName);
        }

        PoolCleanup.Destroy(PoolName);
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A mountpoint still busy; the OS cleans temp folders.
        }
    }
}
