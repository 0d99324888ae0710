using System.Text.Json.Nodes;
using Messier.Host.Common;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Commands;
using Messier.Workflows.Definitions;

namespace Messier.Host.Zfs;

/// <summary>
/// Rolls a dataset back to a snapshot (the preseed flow's restore). Rolling back to an older
/// snapshot needs <c>zfs rollback -r</c>, which destroys every newer snapshot: that is refused
/// unless the definition says destroyNewer, and -R (which also destroys clones) is never used.
/// </summary>
public sealed class RollbackActivity : IStepActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "Rollback",
        ActivityCategory.Host,
        "Rolls a ZFS dataset back to a snapshot (the latest unless one is named), discarding what changed since. Newer snapshots are destroyed only with destroyNewer; clones are never destroyed. Done without a rollback when zfs's 'written' property shows nothing changed since the snapshot (ZFS builds without it, such as zfs-fuse, roll back again, which is harmless). Outputs: dataset, snapshot, rolledBack, destroyed (the newer snapshots removed).",
        [
            PropertyDescriptor.Value("dataset", DataType.String, "The dataset, e.g. messier/apps.") with { Required = true },
            PropertyDescriptor.Value("snapshot", DataType.String, "The snapshot: its short name (after '@') or dataset@name; omit for the latest."),
            PropertyDescriptor.Value("destroyNewer", DataType.Boolean, "Allow destroying snapshots newer than the target (zfs rollback -r).") with { Default = false },
        ],
        [ActivityDescriptor.Done]);

    public async Task<Observation> ObserveAsync(StepContext context, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(context, cancellationToken);
        if (plan.Newer.Count > 0)
        {
            return Observation.Pending($"destroy the newer snapshots {string.Join(", ", plan.Newer)} and roll {plan.Dataset} back to {plan.Target}");
        }

        // written = bytes written since the latest snapshot; 0 means the dataset is that snapshot.
        var written = await context.QueryAsync(["zfs", "get", "-H", "-p", "-o", "value", "written", plan.Dataset], cancellationToken);
        if (written.ExitCode != 0)
        {
            return Observation.Pending($"roll {plan.Dataset} back to {plan.Target} (this ZFS has no 'written' property, so changes since the snapshot cannot be ruled out; rolling back again is harmless)");
        }

        var bytes = written.StandardOutput.Trim();
        return bytes == "0"
            ? Observation.Done($"{plan.Dataset} has not changed since {plan.Target}", Outputs(plan, rolledBack: false))
            : Observation.Pending($"roll {plan.Dataset} back to {plan.Target}, discarding {bytes} bytes written since");
    }

    public async Task<StepResult> ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(context, cancellationToken);
        List<string> argv = plan.Newer.Count > 0 ? ["zfs", "rollback", "-r", plan.Target] : ["zfs", "rollback", plan.Target];
        await context.RunCheckedAsync(argv, cancellationToken);

        var after = await ZfsSnapshots.RequireListAsync(context, plan.Dataset, cancellationToken);
        if (after.Count == 0 || after[^1] != plan.Target)
        {
            throw new StepFailedException($"{ArgvFormatter.Format(argv)} succeeded but {plan.Target} is not the latest snapshot of {plan.Dataset} afterwards (latest: {(after.Count == 0 ? "none" : after[^1])}).");
        }

        return StepResult.Done(Outputs(plan, rolledBack: true));
    }

    /// <summary>Finds the target and the snapshots newer than it; refuses what no retry can fix.</summary>
    private static async Task<RollbackPlan> PlanAsync(StepContext context, CancellationToken cancellationToken)
    {
        var dataset = ZfsNames.RequireDataset(context.Inputs.GetString("dataset"), "dataset");
        var requested = context.Inputs.GetOptionalString("snapshot");
        string? target = null;
        if (requested is not null)
        {
            target = requested.Contains('@', StringComparison.Ordinal) ? requested : $"{dataset}@{requested}";
            ZfsNames.RequireSnapshot(target, "snapshot");
            if (!target.StartsWith(dataset + "@", StringComparison.Ordinal))
            {
                throw new StepFailedException($"snapshot {target} is not a snapshot of {dataset}.") { Retryable = false };
            }
        }

        var snapshots = await ZfsSnapshots.RequireListAsync(context, dataset, cancellationToken);
        if (snapshots.Count == 0)
        {
            throw new StepFailedException($"{dataset} has no snapshots to roll back to.") { Retryable = false };
        }

        target ??= snapshots[^1];
        var index = IndexOf(snapshots, target);
        if (index < 0)
        {
            throw new StepFailedException($"snapshot {target} does not exist; the snapshots of {dataset} are {string.Join(", ", snapshots)}.") { Retryable = false };
        }

        var newer = snapshots.Skip(index + 1).ToList();
        if (newer.Count > 0 && !context.Inputs.GetBoolean("destroyNewer", false))
        {
            throw new StepFailedException($"rolling {dataset} back to {target} would destroy the newer snapshot{(newer.Count == 1 ? string.Empty : "s")} {string.Join(", ", newer)} (zfs rollback -r). Set destroyNewer to allow it, or roll back to the latest.") { Retryable = false };
        }

        return new RollbackPlan(dataset, target, newer);
    }

    private static int IndexOf(IReadOnlyList<string> snapshots, string target)
    {
        for (var i = 0; i < snapshots.Count; i++)
        {
            if (snapshots[i] == target)
            {
                return i;
            }
        }

        return -1;
    }

    private static JsonObject Outputs(RollbackPlan plan, bool rolledBack) => new()
    {
        ["dataset"] = plan.Dataset,
        ["snapshot"] = plan.Target,
        ["rolledBack"] = rolledBack,
        ["destroyed"] = new JsonArray((rolledBack ? plan.Newer : []).Select(s => (JsonNode)s).ToArray()),
    };

    private sealed record RollbackPlan(string Dataset, string Target, IReadOnlyList<string> Newer);
}
