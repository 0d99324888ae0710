using System.Text.Json.Nodes;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Definitions;

namespace Messier.Host.Zfs;

/// <summary>
/// Finds a dataset's latest snapshot, for the preseed flow's "restore from the latest snapshot".
/// Read-only.
/// </summary>
public sealed class LatestSnapshotActivity : IStepActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "LatestSnapshot",
        ActivityCategory.Host,
        "Reads a ZFS dataset's snapshots (its own, not its children's), ordered by creation; changes nothing. A missing dataset fails the step. Outputs: dataset, snapshot (the latest, dataset@name, or null when there is none), count, snapshots (all, oldest first).",
        [
            PropertyDescriptor.Value("dataset", DataType.String, "The dataset, e.g. messier/apps.") with { Required = true },
        ],
        [ActivityDescriptor.Done]);

    public async Task<Observation> ObserveAsync(StepContext context, CancellationToken cancellationToken)
    {
        var dataset = ZfsNames.RequireDataset(context.Inputs.GetString("dataset"), "dataset");
        var snapshots = await ZfsSnapshots.RequireListAsync(context, dataset, cancellationToken);
        var latest = snapshots.Count == 0 ? null : snapshots[^1];
        return Observation.Done(
            latest is null ? $"{dataset} has no snapshots" : $"the latest of {snapshots.Count} snapshots of {dataset} is {latest}",
            new JsonObject
            {
                ["dataset"] = dataset,
                ["snapshot"] = latest,
                ["count"] = snapshots.Count,
                ["snapshots"] = new JsonArray(snapshots.Select(s => (JsonNode)s).ToArray()),
            });
    }

    public Task<StepResult> ApplyAsync(StepContext context, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("LatestSnapshot is read-only: its observe always completes it, so there is nothing to apply.");
}
