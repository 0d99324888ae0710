using Messier.Host.Common;
using Messier.Workflows.Activities.Contracts;

namespace Messier.Host.Zfs;

/// <summary>A dataset's own snapshots, oldest first.</summary>
internal static class ZfsSnapshots
{
    /// <summary>
    /// Full snapshot names ordered by createtxg (creation has one-second resolution, so two
    /// snapshots in the same second would tie), or null when the dataset does not exist.
    /// </summary>
    public static async Task<IReadOnlyList<string>?> ListAsync(StepContext context, string dataset, CancellationToken cancellationToken)
    {
        // -d 1 keeps the children's snapshots out; zfs-fuse's list has no -p, and needs none here.
        var result = await context.QueryAsync(["zfs", "list", "-H", "-t", "snapshot", "-o", "name", "-s", "createtxg", "-d", "1", dataset], cancellationToken);
        if (result.ExitCode != 0)
        {
            return ZfsProperties.IsMissingDataset(result.OutputTail())
                ? null
                : throw new StepFailedException($"cannot list the snapshots of {dataset}: {result.OutputTail(800).Trim()}");
        }

        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(name => name.StartsWith(dataset + "@", StringComparison.Ordinal))
            .ToList();
    }

    public static async Task<IReadOnlyList<string>> RequireListAsync(StepContext context, string dataset, CancellationToken cancellationToken) =>
        await ListAsync(context, dataset, cancellationToken)
            ?? throw new StepFailedException($"dataset {dataset} does not exist.") { Retryable = false };
}
