using System.Text.Json.Nodes;

namespace Messier.Host.Drives;

/// <summary>A partition of a block device, as lsblk lists it.</summary>
internal sealed record DrivePartition(string Path, long? Size, string? FsType, string? Label, string? Mountpoint)
{
    public JsonObject ToJson() => new()
    {
        ["path"] = Path,
        ["size"] = Size,
        ["fstype"] = FsType,
        ["label"] = Label,
        ["mountpoint"] = Mountpoint,
    };
}
