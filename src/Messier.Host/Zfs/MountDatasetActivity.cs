using System.Text.Json.Nodes;
using Messier.Host.Common;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Definitions;

namespace Messier.Host.Zfs;

/// <summary>
/// Mounts a dataset that should be mounted (the "try to mount" step before restoring Docker's
/// data). A failure carries zfs's own words, so the flow's abort says why.
/// </summary>
public sealed class MountDatasetActivity : IStepActivity
{
    /// <summary>What zfs mount says when no retry can help (a "busy" mountpoint, by contrast, may clear).</summary>
    private static readonly string[] Permanent = ["not empty", "canmount", "legacy", "no mountpoint set", "does not exist"];

    public ActivityDescriptor Descriptor { get; } = new(
        "MountDataset",
        ActivityCategory.Host,
        "Ensures a ZFS dataset is mounted (zfs mount). A failed mount fails the step with zfs's message. Outputs: dataset, mountpoint, mountedNow (false when it already was).",
        [
            PropertyDescriptor.Value("dataset", DataType.String, "The dataset, e.g. messier/docker.") with { Required = true },
        ],
        [ActivityDescriptor.Done]);

    public async Task<Observation> ObserveAsync(StepContext context, CancellationToken cancellationToken)
    {
        var dataset = ZfsNames.RequireDataset(context.Inputs.GetString("dataset"), "dataset");
        var state = await ReadAsync(context, dataset, cancellationToken);
        if (state is null)
        {
            // Not failed here: in a dry run an earlier step may be the one that creates it.
            return Observation.Pending($"mount {dataset} (it does not exist now)");
        }

        return state.Value.Mounted
            ? Observation.Done($"{dataset} is mounted at {state.Value.Mountpoint}", Outputs(dataset, state.Value.Mountpoint, mountedNow: false))
            : Observation.Pending($"mount {dataset} at {state.Value.Mountpoint}");
    }

    public async Task<StepResult> ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        var dataset = ZfsNames.RequireDataset(context.Inputs.GetString("dataset"), "dataset");
        var result = await context.QueryAsync(["zfs", "mount", dataset], cancellationToken);
        var state = await ReadAsync(context, dataset, cancellationToken);
        if (state is { Mounted: true } mounted)
        {
            // Mounted by someone else between observe and apply counts too ("already mounted").
            return StepResult.Done(Outputs(dataset, mounted.Mountpoint, mountedNow: result.ExitCode == 0));
        }

        var said = result.OutputTail(1500).Trim();
        var why = said.Length > 0 ? said : $"zfs mount exited with {result.ExitCode} and the dataset is still not mounted";

        // These will not change by trying again; anything else (a busy device) might.
        var permanent = state is null || Permanent.Any(p => said.Contains(p, StringComparison.Ordinal));
        throw new StepFailedException($"ZFS mount of {dataset} failed: {why}") { Retryable = !permanent };
    }

    private static async Task<(bool Mounted, string Mountpoint)?> ReadAsync(StepContext context, string dataset, CancellationToken cancellationToken)
    {
        var query = await context.QueryAsync(["zfs", "get", "-H", "-p", "-o", "property,value,source", "mounted,mountpoint", dataset], cancellationToken);
        if (query.ExitCode != 0)
        {
            return ZfsProperties.IsMissingDataset(query.OutputTail())
                ? null
                : throw new StepFailedException($"cannot read dataset {dataset}: {query.OutputTail(800).Trim()}");
        }

        var properties = ZfsProperties.Parse(query.StandardOutput);
        return (properties.GetValueOrDefault("mounted").Value == "yes", properties.GetValueOrDefault("mountpoint").Value ?? "-");
    }

    private static JsonObject Outputs(string dataset, string mountpoint, bool mountedNow) => new()
    {
        ["dataset"] = dataset,
        ["mountpoint"] = mountpoint,
        ["mountedNow"] = mountedNow,
    };
}
