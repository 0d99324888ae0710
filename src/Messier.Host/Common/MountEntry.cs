namespace Messier.Host.Common;

/// <summary>One mounted filesystem, as findmnt reports it.</summary>
/// <param name="Target">Where it is mounted.</param>
/// <param name="FileSystem">Its type as the kernel names it: ext4, tmpfs, zfs, or fuse.zfs for zfs-fuse.</param>
/// <param name="Source">What is mounted: a device, a dataset name (pool/dataset), or a bind mount's device[/path].</param>
internal sealed record MountEntry(string Target, string FileSystem, string Source);
