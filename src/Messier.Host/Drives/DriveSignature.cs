using System.Text.Json.Nodes;

namespace Messier.Host.Drives;

/// <summary>A signature wipefs found: a filesystem, a partition table, a ZFS label…</summary>
/// <param name="Type">e.g. zfs_member, ext4, gpt, dos.</param>
/// <param name="Label">For zfs_member: the pool's name.</param>
internal sealed record DriveSignature(string Type, string Offset, string? Label, string? Uuid)
{
    public JsonObject ToJson() => new()
    {
        ["type"] = Type,
        ["offset"] = Offset,
        ["label"] = Label,
        ["uuid"] = Uuid,
    };
}
