using System.Text.Json.Nodes;

namespace Messier.Host.Drives;

/// <summary>
/// What is on a drive, for choosing drives (DiscoverDrives) and for refusing used ones
/// (CreatePool). A drive is free only when nothing at all was found on it.
/// </summary>
/// <param name="Path">As given, e.g. a /dev/disk/by-id link or a file.</param>
/// <param name="Device">Where the path leads after symbolic links.</param>
/// <param name="Kind">"block" or "file".</param>
/// <param name="Transport">lsblk's TRAN (nvme, sata, usb…); "file" for a file; null when unknown.</param>
/// <param name="Pool">The pool named by a ZFS label on the drive or one of its partitions.</param>
/// <param name="Mountpoints">Where the drive or its partitions are mounted.</param>
/// <param name="Unreadable">Why part of the inspection failed; such a drive is never free.</param>
internal sealed record DriveReport(
    string Path,
    string Device,
    string Kind,
    long? Size,
    string? Transport,
    IReadOnlyList<DrivePartition> Partitions,
    IReadOnlyList<DriveSignature> Signatures,
    string? Pool,
    IReadOnlyList<string> Mountpoints,
    IReadOnlyList<string> ById,
    string? Unreadable)
{
    /// <summary>The wipefs types that are partition tables rather than filesystems.</summary>
    private static readonly string[] PartitionTables = ["dos", "gpt", "PMBR", "atari", "bsd", "mac", "sgi", "sun", "solaris", "ultrix"];

    /// <summary>What is on the drive, in words; empty for a free drive.</summary>
    public IReadOnlyList<string> Contents
    {
        get
        {
            var contents = new List<string>();
            if (Unreadable is not null)
            {
                contents.Add($"it could not be fully inspected ({Unreadable})");
            }

            contents.AddRange(Mountpoints.Select(m => $"mounted at {m}"));
            contents.AddRange(Partitions.Select(p => $"partition {p.Path}{(p.FsType is null ? string.Empty : $" ({p.FsType}{(p.Label is null ? string.Empty : $" '{p.Label}'")})")}"));
            foreach (var group in Signatures.GroupBy(s => (s.Type, s.Label)))
            {
                contents.Add(group.Key.Type == "zfs_member"
                    ? $"a ZFS label of pool '{group.Key.Label}'"
                    : $"{Article(group.Key.Type)} {group.Key.Type} {(PartitionTables.Contains(group.Key.Type, StringComparer.OrdinalIgnoreCase) ? "partition table" : "signature")}{(group.Key.Label is null ? string.Empty : $" labelled '{group.Key.Label}'")} at {string.Join(", ", group.Select(s => s.Offset))}");
            }

            return contents;
        }
    }

    public bool Free => Contents.Count == 0;

    private static string Article(string word) => word.Length > 0 && "aeiou".Contains(char.ToLowerInvariant(word[0]), StringComparison.Ordinal) ? "an" : "a";

    public JsonObject ToJson() => new()
    {
        ["path"] = Path,
        ["device"] = Device,
        ["kind"] = Kind,
        ["size"] = Size,
        ["transport"] = Transport,
        ["partitions"] = new JsonArray(Partitions.Select(p => (JsonNode)p.ToJson()).ToArray()),
        ["signatures"] = new JsonArray(Signatures.Select(s => (JsonNode)s.ToJson()).ToArray()),
        ["pool"] = Pool,
        ["mountpoints"] = new JsonArray(Mountpoints.Select(m => (JsonNode)m).ToArray()),
        ["byId"] = new JsonArray(ById.Select(b => (JsonNode)b).ToArray()),
        ["free"] = Free,
        ["contents"] = new JsonArray(Contents.Select(c => (JsonNode)c).ToArray()),
    };
}
