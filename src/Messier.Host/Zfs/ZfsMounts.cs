using Messier.Host.Common;
using Messier.Workflows.Activities.Contracts;

namespace Messier.Host.Zfs;

/// <summary>Mount state of a pool's datasets.</summary>
internal static class ZfsMounts
{
    /// <summary>
    /// Filesystems under <paramref name="root"/> that would mount by themselves (canmount=on, a real
    /// mountpoint) but are not mounted: after an import these are the ones whose mount failed.
    /// </summary>
    public static async Task<IReadOnlyList<string>> UnmountedAsync(StepContext context, string root, CancellationToken cancellationToken)
    {
        var output = await context.RunCheckedAsync(["zfs", "list", "-H", "-r", "-t", "filesystem", "-o", "name,mounted,canmount,mountpoint", root], cancellationToken);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Where(f => f.Length >= 4 && f[1] != "yes" && f[2] == "on" && f[3] is not ("none" or "legacy" or "-"))
            .Select(f => f[0])
            .ToList();
    }
}
