using System.Text.Json.Nodes;
using Messier.Host.Common;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Definitions;

namespace Messier.Host.Zfs;

/// <summary>Ensures a snapshot exists: taken once, never retaken over an existing one.</summary>
public sealed class SnapshotActivity : IStepActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "Snapshot",
        ActivityCategory.Host,
        "Ensures a ZFS snapshot exists (zfs snapshot), taking it if it does not. Outputs: name, dataset, created (false when it already existed).",
        [
            PropertyDescriptor.Value("name", DataType.String, "The snapshot, dataset@snapshot, e.g. messier/docker@before-migration.") with { Required = true },
        ],
        [ActivityDescriptor.Done]);

    public async Task<Observation> ObserveAsync(StepContext context, CancellationToken cancellationToken)
    {
        var name = ZfsNames.RequireSnapshot(context.Inputs.GetString("name"), "name");
        var exists = await context.QueryAsync(["zfs", "list", "-H", "-t", "snapshot", "-o", "name", name], cancellationToken);
        if (exists.ExitCode == 0)
        {
            return Observation.Done($"snapshot {name} exists", Outputs(name, created: false));
        }

        if (!ZfsProperties.IsMissingDataset(exists.OutputTail()))
        {
            throw new StepFailedException($"cannot tell whether snapshot {name} exists: {exists.OutputTail(800).Trim()}");
        }

        return Observation.Pending($"take snapshot {name}");
    }

    public async Task<StepResult> ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        var name = ZfsNames.RequireSnapshot(context.Inputs.GetString("name"), "name");
        var dataset = name[..name.IndexOf('@', StringComparison.Ordinal)];
        var parent = await context.QueryAsync(["zfs", "list", "-H", "-o", "name", dataset], cancellationToken);
        if (parent.ExitCode != 0 && ZfsProperties.IsMissingDataset(parent.OutputTail()))
        {
            throw new StepFailedException($"cannot snapshot {name}: dataset {dataset} does not exist.") { Retryable = false };
        }

        await context.RunCheckedAsync(["zfs", "snapshot", name], cancellationToken);
        return StepResult.Done(Outputs(name, created: true));
    }

    private static JsonObject Outputs(string name, bool created) => new()
    {
        ["name"] = name,
        ["dataset"] = name[..name.IndexOf('@', StringComparison.Ordinal)],
        ["created"] = created,
    };
}
