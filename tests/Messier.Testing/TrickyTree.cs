namespace Messier.Testing;

/// <summary>
/// A directory tree with everything a careless copy loses: dotfiles, hard links, symlinks
/// (relative, absolute, dangling), xattrs, ACLs (access and default), a sparse file, an owner
/// with no passwd entry, setgid and private modes, a FIFO, empty files and directories, names with
/// spaces, a newline and non-ASCII, and mtimes with nanoseconds on everything, links included.
/// </summary>
public static class TrickyTree
{
    /// <summary>A uid and gid no passwd or group entry names.</summary>
    public const int OrphanUid = 4242;

    public const int OrphanGid = 4343;

    public const string NewlineName = "new\nline";

    /// <summary>How getfattr and rsync print <see cref="NewlineName"/>.</summary>
    public const string NewlineNameEscaped = "new\\012line";

    public const string UnicodeName = "ünïcödé-名前";

    public const long SparseSize = 32L * 1024 * 1024;

    /// <summary>The names that carry user.* xattrs as getfattr prints them; each name of the hard-linked inode counts.</summary>
    public static readonly string[] XattrNames = ["plain.txt", "hard-a", "hard-b", "sub/hard-c", "with space", NewlineNameEscaped];

    /// <summary>The entries that carry ACLs.</summary>
    public static readonly string[] AclEntries = ["acl-file", "acl-dir"];

    public static void Create(string root)
    {
        Assert.NotEqual(0, Shell.Run("getent", "passwd", OrphanUid.ToString(System.Globalization.CultureInfo.InvariantCulture)).ExitCode);
        Directory.CreateDirectory(root);
        string At(string relative) => Path.Combine(root, relative);

        File.WriteAllText(At("plain.txt"), "plain text\n");
        File.WriteAllText(At(".dotfile"), "hidden\n");
        Directory.CreateDirectory(At(".dotdir"));
        File.WriteAllText(At(".dotdir/inner"), "inner\n");
        Directory.CreateDirectory(At("sub/deeper"));
        File.WriteAllText(At("sub/deeper/file"), "deep\n");
        File.WriteAllText(At("hard-a"), "one inode, three names\n");
        Shell.Must("ln", At("hard-a"), At("hard-b"));
        Shell.Must("ln", At("hard-a"), At("sub/hard-c"));
        File.CreateSymbolicLink(At("link-relative"), "plain.txt");
        File.CreateSymbolicLink(At("link-absolute"), "/etc/hostname");
        File.CreateSymbolicLink(At("link-dangling"), "does/not/exist");
        File.CreateSymbolicLink(At("sub/link-up"), "../plain.txt");
        File.WriteAllText(At("with space"), "spaced\n");
        File.WriteAllText(At(NewlineName), "newline in the name\n");
        File.WriteAllText(At(UnicodeName), "non-ASCII name\n");
        File.WriteAllText(At("empty-file"), string.Empty);
        Directory.CreateDirectory(At("empty-dir"));
        Shell.Must("mkfifo", At("fifo"));

        File.WriteAllText(At("orphan"), "owned by nobody known\n");
        Shell.Must("chown", $"{OrphanUid}:{OrphanGid}", At("orphan"));
        File.WriteAllText(At("secret"), "private\n");
        Shell.Must("chmod", "0600", At("secret"));
        File.WriteAllText(At("exec.sh"), "#!/bin/sh\necho hi\n");
        Shell.Must("chmod", "0755", At("exec.sh"));
        Directory.CreateDirectory(At("shared"));
        Shell.Must("chown", $"0:{OrphanGid}", At("shared"));
        Shell.Must("chmod", "2770", At("shared"));

        // 32 MiB of which only one 4 KiB block is written.
        using (var sparse = new FileStream(At("sparse.img"), FileMode.CreateNew))
        {
            sparse.SetLength(SparseSize);
            sparse.Position = SparseSize / 2;
            sparse.Write(new byte[4096].Select((_, i) => (byte)(i % 251 + 1)).ToArray());
        }

        foreach (var file in new[] { "plain.txt", "hard-a", "with space" })
        {
            Shell.Must("setfattr", "-n", "user.color", "-v", "blue", "--", At(file));
        }

        Shell.Must("setfattr", "-n", "user.note", "-v", "weird name", "--", At(NewlineName));
        File.WriteAllText(At("acl-file"), "acl\n");
        Shell.Must("setfacl", "-m", $"u:{OrphanUid}:rw", "--", At("acl-file"));
        Directory.CreateDirectory(At("acl-dir"));
        Shell.Must("setfacl", "-m", $"u:{OrphanUid}:rwx", "--", At("acl-dir"));
        Shell.Must("setfacl", "-d", "-m", $"u:{OrphanUid}:rwx", "--", At("acl-dir"));

        // Times last, directories deepest first, so creating entries does not move them again.
        var entries = Shell.Must("find", root, "-mindepth", "1", "-printf", "%P\\0").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        var stamp = 0;
        foreach (var entry in entries.Where(e => !Directory.Exists(At(e)) || new FileInfo(At(e)).LinkTarget is not null))
        {
            Shell.Must("touch", "-h", "-d", $"2021-03-04 05:06:{stamp++ % 60:00}.123456789", "--", At(entry));
        }

        foreach (var directory in entries.Where(e => Directory.Exists(At(e)) && new FileInfo(At(e)).LinkTarget is null).OrderByDescending(e => e.Count(c => c == '/')).Append("."))
        {
            Shell.Must("touch", "-h", "-d", $"2020-01-02 03:04:{stamp++ % 60:00}.987654321", "--", At(directory));
        }
    }
}
