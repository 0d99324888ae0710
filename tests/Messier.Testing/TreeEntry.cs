namespace Messier.Testing;

/// <summary>One entry of a <see cref="TreeManifest"/>: what lstat says about it, and its content's hash.</summary>
/// <param name="Type">find's %y: f, d, l, p, s, b, c.</param>
/// <param name="Mode">Permission bits in octal, with setuid/setgid/sticky.</param>
/// <param name="MtimeNanos">The nanoseconds part of the mtime, kept apart because some filesystems (zfs-fuse) store whole seconds.</param>
/// <param name="Blocks">Allocated 512-byte blocks: how a sparse file shows.</param>
/// <param name="Sha256">Hex digest of a regular file's content, else empty.</param>
public sealed record TreeEntry(
    string Path,
    string Type,
    string Mode,
    long Uid,
    long Gid,
    long MtimeSeconds,
    long MtimeNanos,
    long Size,
    long Links,
    long Inode,
    long Blocks,
    string LinkTarget,
    string Sha256);
