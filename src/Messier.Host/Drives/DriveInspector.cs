using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Messier.Host.Common;
using Messier.Workflows.Activities.Contracts;

namespace Messier.Host.Drives;

/// <summary>
/// Looks at a drive without writing to it: stat for what the path is, lsblk for a block device's
/// size, transport, partitions and mounts, and wipefs -n (no-act) for every signature on it.
/// wipefs reads the on-disk magic itself, so it sees a ZFS label or a filesystem even where no
/// udev database exists (containers, file-backed drives).
/// </summary>
internal static class DriveInspector
{
    /// <summary>The drive's report, or the reason it cannot be used at all (missing, a directory…).</summary>
    public static async Task<(DriveReport? Report, string? Missing)> InspectAsync(StepContext context, string path, CancellationToken cancellationToken)
    {
        HostPaths.RequireAbsolute(path, "drive");
        var stat = await context.QueryAsync(["stat", "-L", "--format=%F|%s", path], cancellationToken);
        if (stat.ExitCode != 0)
        {
            var said = stat.OutputTail(400).Trim();
            return (null, said.Contains("No such file", StringComparison.Ordinal) ? "it does not exist" : said);
        }

        var fields = stat.StandardOutput.Trim().Split('|');
        var device = Resolve(path);
        var byId = ById(device);
        var unreadable = new List<string>();
        var (signatures, signatureProblem) = await SignaturesAsync(context, path, cancellationToken);
        if (signatureProblem is not null)
        {
            unreadable.Add(signatureProblem);
        }

        switch (fields[0])
        {
            case "regular file" or "regular empty file":
                return (new DriveReport(path, device, "file", long.Parse(fields[1], CultureInfo.InvariantCulture), "file", [], signatures, PoolOf(signatures, []), [], byId, Join(unreadable)), null);
            case "block special file":
                var block = await context.QueryAsync(["lsblk", "--json", "--bytes", "--output", "NAME,PATH,SIZE,TRAN,TYPE,FSTYPE,LABEL,MOUNTPOINT", path], cancellationToken);
                if (block.ExitCode != 0)
                {
                    unreadable.Add($"lsblk: {block.OutputTail(300).Trim()}");
                    return (new DriveReport(path, device, "block", null, null, [], signatures, PoolOf(signatures, []), [], byId, Join(unreadable)), null);
                }

                var (size, transport, partitions, mountpoints) = ParseLsblk(block.StandardOutput);
                return (new DriveReport(path, device, "block", size, transport, partitions, signatures, PoolOf(signatures, partitions), mountpoints, byId, Join(unreadable)), null);
            default:
                return (null, $"it is a {fields[0]}, not a drive");
        }
    }

    /// <summary>Whole disks lsblk lists with this transport (nvme, sata, usb…).</summary>
    public static async Task<IReadOnlyList<string>> DisksWithTransportAsync(StepContext context, string transport, CancellationToken cancellationToken)
    {
        var output = await context.RunCheckedAsync(["lsblk", "--json", "--bytes", "--nodeps", "--output", "NAME,PATH,TRAN,TYPE"], cancellationToken);
        return Devices(output)
            .Where(d => Text(d, "type") == "disk" && string.Equals(Text(d, "tran"), transport, StringComparison.OrdinalIgnoreCase))
            .Select(d => Text(d, "path") ?? "/dev/" + Text(d, "name"))
            .ToList();
    }

    private static async Task<(IReadOnlyList<DriveSignature>, string?)> SignaturesAsync(StepContext context, string path, CancellationToken cancellationToken)
    {
        var result = await context.QueryAsync(["wipefs", "--no-act", "--json", path], cancellationToken);
        if (result.ExitCode != 0)
        {
            return ([], $"wipefs: {result.OutputTail(300).Trim()}");
        }

        if (result.StandardOutput.Trim().Length == 0)
        {
            return ([], null);
        }

        try
        {
            var signatures = JsonNode.Parse(result.StandardOutput)?["signatures"]?.AsArray() ?? [];
            return (signatures.OfType<JsonObject>()
                .Select(s => new DriveSignature(Text(s, "type") ?? "unknown", Text(s, "offset") ?? "?", Text(s, "label"), Text(s, "uuid")))
                .ToList(), null);
        }
        catch (JsonException ex)
        {
            return ([], $"wipefs printed something other than JSON: {ex.Message}");
        }
    }

    private static (long? Size, string? Transport, IReadOnlyList<DrivePartition> Partitions, IReadOnlyList<string> Mountpoints) ParseLsblk(string json)
    {
        var disk = Devices(json).FirstOrDefault();
        if (disk is null)
        {
            return (null, null, [], []);
        }

        var partitions = new List<DrivePartition>();
        var mountpoints = new List<string>();
        if (Text(disk, "mountpoint") is { } own)
        {
            mountpoints.Add(own);
        }

        foreach (var child in (disk["children"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var mountpoint = Text(child, "mountpoint");
            if (mountpoint is not null)
            {
                mountpoints.Add(mountpoint);
            }

            partitions.Add(new DrivePartition(Text(child, "path") ?? "/dev/" + Text(child, "name"), Number(child, "size"), Text(child, "fstype"), Text(child, "label"), mountpoint));
        }

        return (Number(disk, "size"), Text(disk, "tran"), partitions, mountpoints);
    }

    private static IEnumerable<JsonObject> Devices(string json) =>
        (JsonNode.Parse(json)?["blockdevices"] as JsonArray ?? []).OfType<JsonObject>();

    private static string? PoolOf(IReadOnlyList<DriveSignature> signatures, IReadOnlyList<DrivePartition> partitions) =>
        signatures.FirstOrDefault(s => s.Type == "zfs_member" && s.Label is not null)?.Label
        ?? partitions.FirstOrDefault(p => p.FsType == "zfs_member" && p.Label is not null)?.Label;

    private static string? Text(JsonObject obj, string name) => obj[name] switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
        _ => null,
    };

    /// <summary>lsblk prints sizes as numbers since util-linux 2.33 and as strings before.</summary>
    private static long? Number(JsonObject obj, string name) =>
        long.TryParse(Text(obj, name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string Resolve(string path)
    {
        try
        {
            return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        }
        catch (IOException)
        {
            return path;
        }
    }

    /// <summary>The stable /dev/disk/by-id names of a device: the ones to build a pool on.</summary>
    private static List<string> ById(string device)
    {
        const string folder = "/dev/disk/by-id";
        if (!device.StartsWith("/dev/", StringComparison.Ordinal) || !Directory.Exists(folder))
        {
            return [];
        }

        return Directory.EnumerateFileSystemEntries(folder)
            .Where(link => Resolve(link) == device)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static string? Join(List<string> problems) => problems.Count == 0 ? null : string.Join("; ", problems);
}
