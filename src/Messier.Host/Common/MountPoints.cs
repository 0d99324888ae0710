using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Commands;

namespace Messier.Host.Common;

/// <summary>
/// Which mounted filesystem a path lives on, asked of <c>stat</c> so the journal shows what was
/// checked. A rename only stays a rename within one mount; across mounts tools quietly copy.
/// </summary>
internal static class MountPoints
{
    /// <summary>The mount point of the filesystem holding the path (the path itself when it is a mount point; symlinks are not followed).</summary>
    public static async Task<string> OfAsync(StepContext context, string path, CancellationToken cancellationToken)
    {
        var result = await context.QueryAsync(["stat", "-c", "%m", "--", path], cancellationToken);
        var mount = result.StandardOutput.TrimEnd('\n');
        if (result.ExitCode != 0 || mount.Length == 0 || mount[0] != '/')
        {
            throw new StepFailedException($"cannot tell which filesystem {path} is on: {ArgvFormatter.Format(result.Argv)} said {result.OutputTail(500).Trim()}");
        }

        return mount;
    }

    public static async Task<bool> IsMountPointAsync(StepContext context, string path, CancellationToken cancellationToken) =>
        string.Equals(await OfAsync(context, path, cancellationToken), path, StringComparison.Ordinal);
}
