namespace Messier.Testing;

/// <summary>A file attached to a free loop device for the test's lifetime: a real block device.</summary>
public sealed class LoopDevice : IDisposable
{
    public LoopDevice(string file)
    {
        Path = Shell.Must("losetup", "--find", "--show", file).Trim();
    }

    public string Path { get; }

    public void Dispose() => Shell.Run("losetup", "--detach", Path);
}
