using System.Text.Json.Nodes;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Definitions;

namespace Messier.Host.Drives;

/// <summary>
/// "Check NVMe drives: found >= 2?": lists the candidate drives and what is on each. Read-only;
/// it never fails for too few drives, because what to do then is the flow's decision.
/// </summary>
public sealed class DiscoverDrivesActivity : IStepActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "DiscoverDrives",
        ActivityCategory.Host,
        "Lists drives and what is on them (partitions, signatures, ZFS labels, mounts) without changing anything: the given paths, or else every whole disk lsblk lists with the given transport. Outputs: drives (path, device, kind, size, transport, partitions, signatures, pool, mountpoints, byId, free, contents), count, enough (count >= minimum), free (paths of drives with nothing on them), mirror (the drives to mirror: max(minimum, 2) free drives of one size, from the size most free drives share; empty when no size has that many), missing (given paths that are not drives, with the reason).",
        [
            PropertyDescriptor.Value("paths", DataType.Array, "The drives: /dev/disk/by-id paths, or regular files for file-backed pools. Omit to discover by transport.") with { ItemType = DataType.String },
            PropertyDescriptor.Value("transport", DataType.String, "With no paths: the lsblk transport of the disks to list (nvme, sata, usb…).") with { Default = "nvme" },
            PropertyDescriptor.Value("minimum", DataType.Integer, "How many drives are enough.") with { Default = 2 },
        ],
        [ActivityDescriptor.Done]);

    public async Task<Observation> ObserveAsync(StepContext context, CancellationToken cancellationToken)
    {
        var minimum = context.Inputs.GetInteger("minimum", 2);
        var given = context.Inputs.GetStringList("paths");
        var transport = context.Inputs.GetString("transport");
        var paths = given.Count > 0 ? given : await DriveInspector.DisksWithTransportAsync(context, transport, cancellationToken);

        var drives = new List<DriveReport>();
        var missing = new JsonArray();
        foreach (var path in paths.Distinct(StringComparer.Ordinal))
        {
            var (report, reason) = await DriveInspector.InspectAsync(context, path, cancellationToken);
            if (report is not null)
            {
                drives.Add(report);
            }
            else
            {
                missing.Add(new JsonObject { ["path"] = path, ["reason"] = reason });
            }
        }

        var freeDrives = drives.Where(d => d.Free).ToList();
        var free = freeDrives.Select(d => d.Path).ToList();
        var mirror = MirrorOf(freeDrives, (int)Math.Clamp(minimum, 2, int.MaxValue));
        var source = given.Count > 0 ? "of the given paths" : $"{transport} disks";
        return Observation.Done(
            $"{drives.Count} {source} found ({free.Count} free), {(drives.Count >= minimum ? "enough" : "fewer than")} the {minimum} needed",
            new JsonObject
            {
                ["drives"] = new JsonArray(drives.Select(d => (JsonNode)d.ToJson()).ToArray()),
                ["count"] = drives.Count,
                ["enough"] = drives.Count >= minimum,
                ["free"] = new JsonArray(free.Select(p => (JsonNode)p).ToArray()),
                ["mirror"] = new JsonArray(mirror.Select(p => (JsonNode)p).ToArray()),
                ["missing"] = missing,
            });
    }

    /// <summary>
    /// The free drives to mirror: <paramref name="count"/> of one size, from the size most free
    /// drives have (the larger size on a tie), in discovery order. A mirror of different sizes gets
    /// only its smallest drive's capacity, and zpool refuses one without -f; so none is proposed,
    /// and the flow says why rather than zpool.
    /// </summary>
    internal static IReadOnlyList<string> MirrorOf(IReadOnlyList<DriveReport> free, int count)
    {
        var best = free
            .Where(d => d.Size is > 0)
            .GroupBy(d => d.Size!.Value)
            .OrderByDescending(g => g.Count())
            .ThenByDescending(g => g.Key)
            .FirstOrDefault();
        return best is null || best.Count() < count ? [] : [.. best.Take(count).Select(d => d.Path)];
    }

    public Task<StepResult> ApplyAsync(StepContext context, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("DiscoverDrives is read-only: its observe always completes it, so there is nothing to apply.");
}
