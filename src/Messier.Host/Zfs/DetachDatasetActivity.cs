using System.Text.Json.Nodes;
using Messier.Host.Common;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Definitions;

namespace Messier.Host.Zfs;

/// <summary>
/// Takes a dataset out of the directory tree without destroying it: the rollback of a failed
/// directory-to-dataset conversion, where the dataset mounted over the old directory must stop
/// hiding it, yet may hold the only copy of something written since. Setting mountpoint=none
/// (rather than only unmounting) keeps the next import or reboot from mounting it over the
/// directory again. Nothing here destroys a dataset or a file.
/// </summary>
public sealed class DetachDatasetActivity : IStepActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "DetachDataset",
        ActivityCategory.Host,
        "Unmounts a ZFS dataset and sets mountpoint=none, so it no longer hides the directory underneath and is not mounted again at import or boot; never destroys anything, and the dataset keeps its data. Children that inherit the mountpoint inherit none too. Observed done when the dataset does not exist or is already unmounted with mountpoint none. Refuses (no retry) while a child dataset is mounted, naming it; a busy mountpoint or a pool too full to change a property fails and may be retried. Outputs: dataset, existed, previousMountpoint (the mountpoint property before this step: a path, legacy, or none when it was already detached; null when the dataset does not exist), detached (true when the dataset exists and is detached).",
        [
            PropertyDescriptor.Value("dataset", DataType.String, "The dataset, e.g. tank/apps.") with { Required = true },
        ],
        [ActivityDescriptor.Done]);

    public async Task<Observation> ObserveAsync(StepContext context, CancellationToken cancellationToken)
    {
        var dataset = ZfsNames.RequireDataset(context.Inputs.GetString("dataset"), "dataset");
        var (state, mountedChildren) = await ReadAsync(context, dataset, cancellationToken);
        if (state is null)
        {
            return Observation.Done($"{dataset} does not exist, so it hides nothing", Outputs(dataset, null));
        }

        if (IsDetached(state))
        {
            return Observation.Done($"{dataset} is unmounted with mountpoint none", Outputs(dataset, state));
        }

        RefuseMountedChildren(dataset, mountedChildren);
        return Observation.Pending(state.Mountpoint == "none"
            ? $"unmount {dataset} (mountpoint is none but it is mounted)"
            : $"set mountpoint=none on {dataset} ({(state.Mounted ? "mounted" : "not mounted")}, mountpoint {state.Mountpoint}), which unmounts it");
    }

    public async Task<StepResult> ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        var dataset = ZfsNames.RequireDataset(context.Inputs.GetString("dataset"), "dataset");
        var (before, mountedChildren) = await ReadAsync(context, dataset, cancellationToken);
        if (before is null || IsDetached(before))
        {
            return StepResult.Done(Outputs(dataset, before));
        }

        RefuseMountedChildren(dataset, mountedChildren);
        if (before.Mountpoint != "none")
        {
            // A busy mountpoint fails this and leaves the property as it was; that may clear, so retryable.
            try
            {
                await context.RunCheckedAsync(["zfs", "set", "mountpoint=none", dataset], cancellationToken);
            }
            catch (StepFailedException ex) when (ex.Message.Contains("out of space", StringComparison.Ordinal))
            {
                // Setting a property needs a little free space. Right after a copy ran out of it, the
                // space its deleted partial file held comes back only when ZFS has synced the free:
                // a retry a few seconds later usually succeeds; a pool that stays full needs room made.
                throw new StepFailedException($"cannot set mountpoint=none on {dataset}: its pool is full, and ZFS needs a little free space to change a property. Nothing was removed. Space a copy just freed comes back within seconds; otherwise free some space in the pool, then retry. ({ex.Message})", ex);
            }
        }

        var after = (await ReadAsync(context, dataset, cancellationToken)).State;
        if (after is { Mounted: true })
        {
            // zfs set unmounts on OpenZFS and on zfs-fuse; should one leave it mounted, unmount it by name.
            await context.RunCheckedAsync(["zfs", "unmount", dataset], cancellationToken);
            after = (await ReadAsync(context, dataset, cancellationToken)).State;
        }

        if (after is null || !IsDetached(after))
        {
            throw new StepFailedException($"{dataset} is still not detached after zfs set mountpoint=none: {(after is null ? "it no longer exists" : $"mounted {(after.Mounted ? "yes" : "no")}, mountpoint {after.Mountpoint}")}.");
        }

        context.Report($"detached {dataset} from {before.Mountpoint}");
        return StepResult.Done(Outputs(dataset, before));
    }

    private static bool IsDetached(DatasetMountState state) => !state.Mounted && state.Mountpoint == "none";

    private static async Task<(DatasetMountState? State, IReadOnlyList<string> MountedChildren)> ReadAsync(StepContext context, string dataset, CancellationToken cancellationToken)
    {
        var (found, _) = await DatasetListing.ListAsync(context, [dataset], recursive: true, cancellationToken);
        var state = found.FirstOrDefault(s => s.Name == dataset);
        if (state is { Mountpoint: null })
        {
            throw new StepFailedException($"{dataset} is a volume, not a filesystem: it has no mountpoint to detach.") { Retryable = false };
        }

        var mountedChildren = found.Where(s => s.Mounted && s.Name.StartsWith(dataset + "/", StringComparison.Ordinal)).Select(s => s.Name).ToList();
        return (state, mountedChildren);
    }

    /// <summary>
    /// A mounted child sits inside the mountpoint being removed: unmounting it too would take a
    /// filesystem away that the flow did not name; leaving it would keep the directory hidden.
    /// </summary>
    private static void RefuseMountedChildren(string dataset, IReadOnlyList<string> children)
    {
        if (children.Count > 0)
        {
            throw new StepFailedException($"refusing to detach {dataset}: its child {(children.Count == 1 ? "dataset" : "datasets")} {string.Join(", ", children)} {(children.Count == 1 ? "is" : "are")} mounted. Detach or unmount {(children.Count == 1 ? "it" : "them")} first.") { Retryable = false };
        }
    }

    private static JsonObject Outputs(string dataset, DatasetMountState? before) => new()
    {
        ["dataset"] = dataset,
        ["existed"] = before is not null,
        ["previousMountpoint"] = before?.Mountpoint,
        ["detached"] = before is not null,
    };
}
