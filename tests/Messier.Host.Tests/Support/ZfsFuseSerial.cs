namespace Messier.Host.Tests.Support;

/// <summary>
/// Test classes that create and destroy zfs-fuse pools and mounts can run in this collection,
/// alone: zfs-fuse was seen to leave new mounts unanswered forever while another test destroyed a
/// pool (one whose mounts had not finished their FUSE handshake). Tests in a collection with
/// parallelization disabled run after the parallel ones, never beside them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ZfsFuseSerial
{
    public const string Name = "zfs-fuse, not in parallel";
}
