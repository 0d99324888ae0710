using Messier.Host.Common;
using Messier.Workflows.Activities.Contracts;

namespace Messier.Host.Zfs;

/// <summary>Read-only questions about pools, each one journaled command.</summary>
internal static class ZpoolQueries
{
    /// <summary>The pool's health (ONLINE, DEGRADED…) when it is imported, else null.</summary>
    public static async Task<string?> ImportedHealthAsync(this StepContext context, string pool, CancellationToken cancellationToken)
    {
        var result = await context.QueryAsync(["zpool", "list", "-H", "-o", "name,health", pool], cancellationToken);
        if (result.ExitCode == 0)
        {
            var fields = result.StandardOutput.Trim().Split('\t');
            return fields.Length >= 2 ? fields[1] : "UNKNOWN";
        }

        if (result.OutputTail().Contains("no such pool", StringComparison.Ordinal))
        {
            return null;
        }

        throw new StepFailedException($"cannot tell whether pool {pool} is imported: {result.OutputTail(800).Trim()}");
    }

    /// <summary>
    /// The pools <c>zpool import</c> lists (none of them imported). With search directories it looks
    /// only there (file-backed pools, or /dev/disk/by-id); without, in zpool's default places.
    /// </summary>
    public static async Task<IReadOnlyList<ImportablePool>> ImportableAsync(this StepContext context, IReadOnlyList<string> searchDirectories, CancellationToken cancellationToken)
    {
        var result = await context.QueryAsync(["zpool", "import", .. SearchArguments(searchDirectories)], cancellationToken);
        var pools = ZpoolImportListing.Parse(result.StandardOutput);
        var message = result.StandardError.Trim();

        // Finding nothing is exit 1 with nothing (zfs-fuse) or "no pools available to import" (OpenZFS).
        if (pools.Count == 0 && result.ExitCode != 0 && message.Length > 0 && !message.Contains("no pools available", StringComparison.Ordinal))
        {
            throw new StepFailedException($"cannot list importable pools: {result.OutputTail(800).Trim()}");
        }

        return pools;
    }

    /// <summary>The top-level vdevs of an imported pool.</summary>
    public static async Task<IReadOnlyList<PoolVdev>> LayoutAsync(this StepContext context, string pool, CancellationToken cancellationToken) =>
        ZpoolStatusLayout.Parse(await context.RunCheckedAsync(["zpool", "status", pool], cancellationToken));

    /// <summary>Reads and checks the searchDirectories input: absolute, existing directories.</summary>
    public static IReadOnlyList<string> SearchDirectories(PropertyValues inputs, string property = "searchDirectories")
    {
        var directories = inputs.GetStringList(property);
        foreach (var directory in directories)
        {
            HostPaths.RequireAbsolute(directory, property);
            if (!Directory.Exists(directory))
            {
                throw new StepFailedException($"{property}: {Printable.Show(directory)} is not a directory.") { Retryable = false };
            }
        }

        return directories;
    }

    public static IEnumerable<string> SearchArguments(IReadOnlyList<string> searchDirectories) =>
        searchDirectories.SelectMany(d => new[] { "-d", d });
}
