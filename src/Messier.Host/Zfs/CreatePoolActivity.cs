using System.Text.Json.Nodes;
using Messier.Host.Common;
using Messier.Host.Drives;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Commands;
using Messier.Workflows.Definitions;

namespace Messier.Host.Zfs;

/// <summary>
/// Creates the mirrored pool (Flow 1). zpool create destroys whatever is on its drives, and
/// zfs-fuse does not even warn about an ext4 filesystem, so every drive is inspected first and any
/// partition, signature or other pool's label refuses the step, naming the drive and what is on
/// it. force overrides that, but never for a drive that is mounted or belongs to an imported pool.
/// </summary>
public sealed class CreatePoolActivity : IStepActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "CreatePool",
        ActivityCategory.Host,
        "Ensures a mirrored ZFS pool exists on exactly the given drives, creating it only on drives proven free (no partition, filesystem or pool label; force overrides that). An imported pool of that name on other drives fails the step. Outputs: pool, devices, created (false when it already existed), health, drift (properties that differ on an existing pool).",
        [
            PropertyDescriptor.Value("pool", DataType.String, "The pool's name.") with { Default = "messier" },
            PropertyDescriptor.Value("devices", DataType.Array, "The drives, e.g. /dev/disk/by-id/nvme-… (files for file-backed pools).") with { Required = true, ItemType = DataType.String },
            PropertyDescriptor.Value("vdev", DataType.String, "The layout.") with { Default = "mirror", AllowedValues = ["mirror"] },
            PropertyDescriptor.Value("poolProperties", DataType.Object, "Pool properties (-o), e.g. {\"ashift\": \"13\", \"autotrim\": \"on\"}.") with { ItemType = DataType.String },
            PropertyDescriptor.Value("filesystemProperties", DataType.Object, "Root filesystem properties (-O), e.g. {\"compression\": \"lz4\", \"atime\": \"off\"}.") with { ItemType = DataType.String },
            PropertyDescriptor.Value("mountpoint", DataType.String, "The root filesystem's mountpoint (-m): an absolute path, none or legacy; omit for /POOL."),
            PropertyDescriptor.Value("force", DataType.Boolean, "Create over partitions, signatures and exported pools' labels (zpool create -f). Mounted drives and drives of imported pools are refused regardless.") with { Default = false },
        ],
        [ActivityDescriptor.Done]);

    public async Task<Observation> ObserveAsync(StepContext context, CancellationToken cancellationToken)
    {
        var request = Read(context.Inputs);
        if (await context.ImportedHealthAsync(request.Pool, cancellationToken) is not { } health)
        {
            // The same refusals apply will make, found here too so that a dry run shows them.
            await RefuseAsync(context, request, cancellationToken);
            return Observation.Pending($"create pool {request.Pool}: {ArgvFormatter.Format(Argv(request))}");
        }

        var difference = Difference(request, await context.LayoutAsync(request.Pool, cancellationToken));
        if (difference is not null)
        {
            throw new StepFailedException($"pool {request.Pool} is already imported, but {difference}. messier does not change an existing pool's drives.") { Retryable = false };
        }

        var drift = await DriftAsync(context, request, cancellationToken);
        return Observation.Done(
            drift.Count == 0 ? $"pool {request.Pool} exists as a mirror of the given drives" : $"pool {request.Pool} exists as a mirror of the given drives, with drift: {string.Join("; ", drift)}",
            Outputs(request, created: false, health, drift));
    }

    public async Task<StepResult> ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        var request = Read(context.Inputs);

        // Observe checked this too; checked again right before the one command that destroys data.
        await RefuseAsync(context, request, cancellationToken);

        var argv = Argv(request);
        await context.RunCheckedAsync(argv, cancellationToken, retryable: false);

        var health = await context.ImportedHealthAsync(request.Pool, cancellationToken)
            ?? throw new StepFailedException($"{ArgvFormatter.Format(argv)} succeeded but pool {request.Pool} is not imported.");
        if (Difference(request, await context.LayoutAsync(request.Pool, cancellationToken)) is { } difference)
        {
            throw new StepFailedException($"pool {request.Pool} was created, but {difference}.") { Retryable = false };
        }

        return StepResult.Done(Outputs(request, created: true, health, []));
    }

    private static PoolRequest Read(PropertyValues inputs)
    {
        var pool = ZfsNames.RequirePool(inputs.GetString("pool"), "pool");
        var devices = inputs.GetStringList("devices");
        foreach (var device in devices)
        {
            HostPaths.RequireAbsolute(device, "devices");
        }

        if (devices.Count < 2)
        {
            throw new StepFailedException($"a mirror needs at least two drives; devices has {devices.Count}.") { Retryable = false };
        }

        if (devices.Distinct(StringComparer.Ordinal).Count() != devices.Count)
        {
            throw new StepFailedException($"devices lists a drive twice: {string.Join(", ", devices)}.") { Retryable = false };
        }

        var mountpoint = inputs.GetOptionalString("mountpoint");
        if (mountpoint is not null and not ("none" or "legacy"))
        {
            HostPaths.RequireAbsolute(mountpoint, "mountpoint");
        }

        return new PoolRequest(
            pool,
            devices,
            ZfsPropertyInputs.Read(inputs, "poolProperties"),
            ZfsPropertyInputs.Read(inputs, "filesystemProperties"),
            mountpoint,
            inputs.GetBoolean("force", false));
    }

    private static List<string> Argv(PoolRequest request)
    {
        var argv = new List<string> { "zpool", "create" };
        if (request.Force)
        {
            argv.Add("-f");
        }

        argv.AddRange(ZfsPropertyInputs.Options("-o", request.PoolProperties));
        argv.AddRange(ZfsPropertyInputs.Options("-O", request.FilesystemProperties));
        if (request.Mountpoint is not null)
        {
            argv.Add("-m");
            argv.Add(request.Mountpoint);
        }

        argv.Add(request.Pool);
        argv.Add("mirror");
        argv.AddRange(request.Devices);
        return argv;
    }

    /// <summary>Refuses unsupported properties (before any drive is looked at), used drives and a mountpoint with data.</summary>
    private static async Task RefuseAsync(StepContext context, PoolRequest request, CancellationToken cancellationToken)
    {
        var support = await ZfsSupport.ReadAsync(context, cancellationToken);
        var unsupported = support.Problems(request.PoolProperties, request.FilesystemProperties);
        if (unsupported.Count > 0)
        {
            throw new StepFailedException($"cannot create pool {request.Pool}: {string.Join("; ", unsupported)}. Nothing was changed.") { Retryable = false };
        }

        await RefuseUsedDrivesAsync(context, request, cancellationToken);
        RefuseHidingData(request);
    }

    private static async Task RefuseUsedDrivesAsync(StepContext context, PoolRequest request, CancellationToken cancellationToken)
    {
        var refusals = new List<string>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var device in request.Devices)
        {
            var (report, missing) = await DriveInspector.InspectAsync(context, device, cancellationToken);
            if (report is null)
            {
                refusals.Add($"{device}: {missing}");
                continue;
            }

            if (!seen.TryAdd(report.Device, device))
            {
                refusals.Add($"{device} is the same drive as {seen[report.Device]} ({report.Device})");
                continue;
            }

            var livePool = report.Pool is { } pool && await context.ImportedHealthAsync(pool, cancellationToken) is not null ? pool : null;
            if (report.Mountpoints.Count > 0 || report.Unreadable is not null || livePool is not null)
            {
                // Not even force: a mounted drive or an imported pool's drive is in use right now,
                // and a drive that could not be inspected is not proven free.
                refusals.Add($"{device} has {string.Join(", ", report.Contents)}{(livePool is null ? string.Empty : $", and pool '{livePool}' is imported")}{(request.Force ? " (force does not override this)" : string.Empty)}");
            }
            else if (!report.Free && !request.Force)
            {
                var hint = report.Pool == request.Pool ? $" (an exported or destroyed pool named {request.Pool}: import it with ImportPool instead)" : string.Empty;
                refusals.Add($"{device} has {string.Join(", ", report.Contents)}{hint}");
            }
        }

        if (refusals.Count > 0)
        {
            var hint = request.Force ? string.Empty : " Set force only if that data may be lost.";
            throw new StepFailedException($"refusing to create pool {request.Pool}, which would destroy what is on its drives: {string.Join("; ", refusals)}. Nothing was changed.{hint}") { Retryable = false };
        }
    }

    /// <summary>The root filesystem mounts over its mountpoint: a non-empty directory there would be hidden.</summary>
    private static void RefuseHidingData(PoolRequest request)
    {
        var mountpoint = request.Mountpoint ?? "/" + request.Pool;
        if (mountpoint is "none" or "legacy")
        {
            return;
        }

        if (Directory.Exists(mountpoint) && Directory.EnumerateFileSystemEntries(mountpoint).Any())
        {
            throw new StepFailedException($"refusing to create pool {request.Pool}: its mountpoint {mountpoint} is a non-empty directory, and mounting over it would hide what is there. Nothing was changed.") { Retryable = false };
        }
    }

    /// <summary>How the imported pool differs from one mirror of exactly the requested drives, or null.</summary>
    private static string? Difference(PoolRequest request, IReadOnlyList<PoolVdev> layout)
    {
        var data = layout.Where(v => v.Section == "data").ToList();
        var actual = data.SelectMany(v => v.Devices).ToList();
        var missing = request.Devices.Where(d => !actual.Any(a => SameDrive(d, a))).ToList();
        var extra = actual.Where(a => !request.Devices.Any(d => SameDrive(d, a))).ToList();
        if (missing.Count == 0 && extra.Count == 0 && data.Count == 1 && data[0].Kind == "mirror")
        {
            return null;
        }

        var parts = new List<string> { $"it is {string.Join(" + ", data)}, not a mirror of {string.Join(", ", request.Devices)}" };
        if (missing.Count > 0)
        {
            parts.Add($"not on {string.Join(", ", missing)}");
        }

        if (extra.Count > 0)
        {
            parts.Add($"also on {string.Join(", ", extra)}");
        }

        return string.Join("; ", parts);
    }

    /// <summary>
    /// zpool status names a drive by its full path (zfs-fuse, files) or by its last component
    /// (OpenZFS shows /dev/disk/by-id/nvme-X as nvme-X); both point at the same device.
    /// </summary>
    private static bool SameDrive(string requested, string listed)
    {
        if (requested == listed || Path.GetFileName(requested) == listed)
        {
            return true;
        }

        var listedPath = listed.StartsWith('/') ? listed : "/dev/" + listed;
        return File.Exists(requested) && File.Exists(listedPath) && RealPath(requested) == RealPath(listedPath);
    }

    private static string RealPath(string path) =>
        new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);

    private static async Task<List<string>> DriftAsync(StepContext context, PoolRequest request, CancellationToken cancellationToken)
    {
        var drift = new List<string>();
        if (request.PoolProperties.Count > 0)
        {
            // zpool get has no -H on zfs-fuse: columns NAME PROPERTY VALUE SOURCE under a header.
            var output = await context.RunCheckedAsync(["zpool", "get", string.Join(',', request.PoolProperties.Keys), request.Pool], cancellationToken);
            var actual = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(line => line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
                .Where(f => f.Length >= 3)
                .ToDictionary(f => f[1], f => f[2], StringComparer.Ordinal);
            drift.AddRange(request.PoolProperties
                .Where(p => actual.GetValueOrDefault(p.Key) != p.Value)
                .Select(p => $"pool property {p.Key} is {actual.GetValueOrDefault(p.Key) ?? "unset"}, wanted {p.Value}"));
        }

        if (request.FilesystemProperties.Count > 0)
        {
            var output = await context.RunCheckedAsync(["zfs", "get", "-H", "-p", "-o", "property,value,source", string.Join(',', request.FilesystemProperties.Keys), request.Pool], cancellationToken);
            var actual = ZfsProperties.Parse(output);
            drift.AddRange(request.FilesystemProperties
                .Where(p => !actual.TryGetValue(p.Key, out var have) || have.Value != p.Value)
                .Select(p => $"{p.Key} is {(actual.TryGetValue(p.Key, out var have) ? have.Value : "unset")}, wanted {p.Value}"));
        }

        return drift;
    }

    private static JsonObject Outputs(PoolRequest request, bool created, string health, IReadOnlyList<string> drift) => new()
    {
        ["pool"] = request.Pool,
        ["devices"] = new JsonArray(request.Devices.Select(d => (JsonNode)d).ToArray()),
        ["created"] = created,
        ["health"] = health,
        ["drift"] = new JsonArray(drift.Select(d => (JsonNode)d).ToArray()),
    };

    private sealed record PoolRequest(
        string Pool,
        IReadOnlyList<string> Devices,
        IReadOnlyDictionary<string, string> PoolProperties,
        IReadOnlyDictionary<string, string> FilesystemProperties,
        string? Mountpoint,
        bool Force);
}
