namespace Messier.Host.Tests.Support;

/// <summary>
/// Test classes that create and destroy zfs-fuse pools and mounts run in this collection, alone:
/// zfs-fuse has been seen to leave a new mount unanswered forever when another pool is being
/// destroyed at the same time. Tests in a collection with parallelization disabled run after the
/// parallel ones, never beside them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ZfsFuseSerial
{
    public const string Name = "zfs-fuse, not in parallel";
}
