namespace Messier.Testing;

/// <summary>
/// A second pool a test makes beside its sandbox's (an "other" importable pool): destroyed on
/// dispose, imported first from its folder if the test left it exported. It is never mounted
/// (-m none): tests only need its labels, and exporting a just-mounted zfs-fuse filesystem is
/// what once hung a test run.
/// </summary>
public sealed class ScratchPool : IDisposable
{
    public ScratchPool(string name, string searchDirectory)
    {
        Name = name;
        SearchDirectory = searchDirectory;
    }

    public string Name { get; }

    public string SearchDirectory { get; }

    public void Create(params string[] drives) =>
        Shell.Must(["zpool", "create", "-m", "none", Name, "mirror", .. drives]);

    public void Export() => Shell.Must("zpool", "export", Name);

    public void Dispose()
    {
        if (Shell.Run("zpool", "list", "-H", "-o", "name", Name).ExitCode != 0)
        {
            Shell.Run("zpool", "import", "-d", SearchDirectory, Name);
        }

        PoolCleanup.Destroy(Name);
    }
}
