using System.Globalization;
using System.Security.Cryptography;

namespace Messier.Testing;

/// <summary>
/// A tree as the kernel reports it (find -printf, which lstat's every entry without following
/// symlinks) plus each regular file's SHA-256: the independent record tests compare a copy with,
/// rather than trusting the rsync comparison the activities themselves use.
/// </summary>
public sealed class TreeManifest
{
    private TreeManifest(string root, IReadOnlyDictionary<string, TreeEntry> entries)
    {
        Root = root;
        Entries = entries;
    }

    public string Root { get; }

    /// <summary>By path relative to the root; the root itself is ".".</summary>
    public IReadOnlyDictionary<string, TreeEntry> Entries { get; }

    public TreeEntry this[string path] => Entries[path];

    public static TreeManifest Of(string root)
    {
        // NUL-separated, so names with newlines survive.
        var output = Shell.Must("find", root, "-printf", "%P\\0%y\\0%m\\0%U\\0%G\\0%T@\\0%s\\0%n\\0%i\\0%b\\0%l\\0");
        var fields = output.Split('\0');
        var entries = new Dictionary<string, TreeEntry>(StringComparer.Ordinal);
        for (var i = 0; i + 11 <= fields.Length; i += 11)
        {
            var path = fields[i].Length == 0 ? "." : fields[i];
            var type = fields[i + 1];
            var time = fields[i + 5].Split('.');
            var full = path == "." ? root : Path.Combine(root, path);
            entries[path] = new TreeEntry(
                path,
                type,
                fields[i + 2],
                long.Parse(fields[i + 3], CultureInfo.InvariantCulture),
                long.Parse(fields[i + 4], CultureInfo.InvariantCulture),
                long.Parse(time[0], CultureInfo.InvariantCulture),
                time.Length > 1 ? long.Parse(time[1].PadRight(9, '0')[..9], CultureInfo.InvariantCulture) : 0,
                long.Parse(fields[i + 6], CultureInfo.InvariantCulture),
                long.Parse(fields[i + 7], CultureInfo.InvariantCulture),
                long.Parse(fields[i + 8], CultureInfo.InvariantCulture),
                long.Parse(fields[i + 9], CultureInfo.InvariantCulture),
                fields[i + 10],
                type == "f" ? Hash(full) : string.Empty);
        }

        return new TreeManifest(root, entries);
    }

    /// <summary>The other paths that share this entry's inode (its hard links), sorted; empty when it has none.</summary>
    public IReadOnlyList<string> HardLinksOf(string path)
    {
        var entry = Entries[path];
        return Entries.Values
            .Where(e => e.Type != "d" && e.Inode == entry.Inode && e.Path != path)
            .Select(e => e.Path)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Asserts that <paramref name="copy"/> holds the same entries with the same content, type,
    /// mode, numeric owner, mtime, symlink target, link count and hard-link partners.
    /// </summary>
    /// <param name="wholeSecondMtimes">Compare mtimes to the second only, for a target that stores no more (zfs-fuse).</param>
    public void AssertSameAs(TreeManifest copy, bool wholeSecondMtimes = false)
    {
        Assert.Equal(Entries.Keys.Order(StringComparer.Ordinal), copy.Entries.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, mine) in Entries)
        {
            var theirs = copy.Entries[path];
            var where = $"{path} in {copy.Root}";
            Assert.True(mine.Type == theirs.Type, $"{where}: type {theirs.Type}, source {mine.Type}");
            Assert.True(mine.Mode == theirs.Mode, $"{where}: mode {theirs.Mode}, source {mine.Mode}");
            Assert.True(mine.Uid == theirs.Uid && mine.Gid == theirs.Gid, $"{where}: owner {theirs.Uid}:{theirs.Gid}, source {mine.Uid}:{mine.Gid}");
            Assert.True(mine.MtimeSeconds == theirs.MtimeSeconds, $"{where}: mtime {theirs.MtimeSeconds}, source {mine.MtimeSeconds}");
            if (!wholeSecondMtimes)
            {
                Assert.True(mine.MtimeNanos == theirs.MtimeNanos, $"{where}: mtime ns {theirs.MtimeNanos}, source {mine.MtimeNanos}");
            }

            Assert.True(mine.LinkTarget == theirs.LinkTarget, $"{where}: symlink to '{theirs.LinkTarget}', source '{mine.LinkTarget}'");
            Assert.True(mine.Sha256 == theirs.Sha256, $"{where}: content differs");
            if (mine.Type != "d")
            {
                // A directory's size and link count are the filesystem's business; a file's are not.
                Assert.True(mine.Size == theirs.Size, $"{where}: size {theirs.Size}, source {mine.Size}");
                Assert.True(mine.Links == theirs.Links, $"{where}: {theirs.Links} links, source {mine.Links}");
                Assert.Equal(HardLinksOf(path), copy.HardLinksOf(path));
            }
        }
    }

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
