namespace Messier.Testing;

/// <summary>File-backed drives with something on them, made the way a real drive gets it.</summary>
public static class DriveFiles
{
    public static string Blank(string path, long bytes = 64L * 1024 * 1024)
    {
        using var file = File.Create(path);
        file.SetLength(bytes);
        return path;
    }

    /// <summary>A drive holding an ext4 filesystem, made by mkfs.ext4 itself.</summary>
    public static string Ext4(string path, long bytes = 64L * 1024 * 1024)
    {
        Blank(path, bytes);
        Shell.Must("mkfs.ext4", "-q", "-F", path);
        return path;
    }

    /// <summary>
    /// A drive with a DOS partition table holding one Linux partition. Written byte by byte
    /// because no partitioning tool (sfdisk, parted) is installed on these machines.
    /// </summary>
    public static string WithPartitionTable(string path, long bytes = 64L * 1024 * 1024)
    {
        Blank(path, bytes);
        var mbr = new byte[512];
        var entry = mbr.AsSpan(446, 16);
        entry[4] = 0x83;
        BitConverter.TryWriteBytes(entry[8..12], 2048u);
        BitConverter.TryWriteBytes(entry[12..16], 32768u);
        mbr[510] = 0x55;
        mbr[511] = 0xAA;
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        file.Write(mbr);
        return path;
    }

    /// <summary>The signature types wipefs finds (read-only), e.g. ["ext4"].</summary>
    public static IReadOnlyList<string> Signatures(string path) =>
        Shell.Must("wipefs", "--no-act", "--noheadings", "--output", "TYPE", path)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct()
            .ToList();
}
