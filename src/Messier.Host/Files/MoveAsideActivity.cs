using System.Text.Json.Nodes;
using Messier.Host.Common;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Definitions;

namespace Messier.Host.Files;

/// <summary>
/// Moves a directory aside (/var/lib/docker to /var/lib/docker.orig) by renaming it, the first
/// step of putting a dataset in its place. A rename is atomic and copies nothing, so a crash
/// leaves the data under one name or the other, never half in each; across filesystems there is
/// no rename, and this step refuses rather than copying (mv would quietly copy and delete).
/// When both names hold data it refuses too: which one is right is not something to guess.
/// </summary>
public sealed class MoveAsideActivity : IStepActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "MoveAside",
        ActivityCategory.Host,
        "Renames a directory aside (default: to PATH.orig) on the same filesystem; never copies. An aside that is an empty directory (no entries at all) and not a mountpoint counts as absent: it is removed (rmdir, never recursively) and the path renamed over it, e.g. to move a directory back over the empty mountpoint a detached dataset leaves. Observed done when the aside exists and the path is gone or an empty directory (or an empty mountpoint). Fails without changing anything when neither exists, when both hold data, when they are on different filesystems, or when the path is a mountpoint or a symlink. Outputs: path, aside.",
        [
            PropertyDescriptor.Value("path", DataType.String, "The directory to move aside (absolute).") with { Required = true },
            PropertyDescriptor.Value("aside", DataType.String, "Where it goes (absolute); default: path + \".orig\"."),
        ],
        [ActivityDescriptor.Done]);

    public async Task<Observation> ObserveAsync(StepContext context, CancellationToken cancellationToken)
    {
        var (path, aside) = Paths(context);
        var pathExists = DataPaths.Exists(path);
        var pathEmpty = pathExists && DataPaths.IsEmptyDirectory(path);
        if (DataPaths.Exists(aside))
        {
            if (!pathExists || pathEmpty)
            {
                return Observation.Done($"{path} is already moved aside to {aside}", Outputs(path, aside));
            }

            if (!await IsVacantAsync(context, aside, cancellationToken))
            {
                throw new StepFailedException($"both {path} and {aside} exist and {path} is not empty: either could be the data this flow should keep, and messier does not guess. Compare them, keep the right one under one name, and retry.") { Retryable = false };
            }

            return Observation.Pending($"rename {path} to {aside} (removing the empty directory {aside} first)");
        }

        if (!pathExists)
        {
            throw new StepFailedException($"neither {path} nor {aside} exists: there is nothing to move aside, and the data is not where this flow expects it.") { Retryable = false };
        }

        return Observation.Pending($"rename {path} to {aside}");
    }

    public async Task<StepResult> ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        var (path, aside) = Paths(context);
        if (DataPaths.IsSymlink(path))
        {
            throw new StepFailedException($"{path} is a symlink; moving it aside would move the link, not the data it points to. Point the flow at {new FileInfo(path).LinkTarget} instead.") { Retryable = false };
        }

        var asideParent = Path.GetDirectoryName(aside)!;
        if (!DataPaths.IsDirectory(asideParent))
        {
            throw new StepFailedException($"cannot move {path} to {aside}: {asideParent} is not a directory.") { Retryable = false };
        }

        var pathMount = await MountPoints.OfAsync(context, path, cancellationToken);
        if (pathMount == path)
        {
            throw new StepFailedException($"{path} is a mountpoint: a mounted filesystem cannot be renamed, and copying it aside is not a move. Unmount it, or copy its contents with CopyTree.") { Retryable = false };
        }

        var asideMount = await MountPoints.OfAsync(context, asideParent, cancellationToken);
        if (asideMount != pathMount)
        {
            throw new StepFailedException($"{path} (on the filesystem mounted at {pathMount}) and {aside} (on {asideMount}) are on different filesystems, so moving would mean copying and deleting. Choose an aside path on {pathMount}, or copy with CopyTree and verify.") { Retryable = false };
        }

        try
        {
            if (DataPaths.Exists(aside))
            {
                if (!await IsVacantAsync(context, aside, cancellationToken))
                {
                    throw new StepFailedException($"cannot move {path} to {aside}: {aside} exists and is not an empty directory. Nothing was moved.") { Retryable = false };
                }

                // Non-recursive: should anything have appeared in it since the check, this fails
                // rather than deleting it.
                Directory.Delete(aside, recursive: false);
                context.Report($"removed the empty directory {aside}");
            }

            // rename(2) through Directory.Move, which works for files too and, unlike mv or
            // File.Move, never falls back to copy and delete.
            Directory.Move(path, aside);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StepFailedException($"cannot rename {path} to {aside}: {ex.Message}. Nothing was moved.") { Retryable = false };
        }

        context.Report($"renamed {path} to {aside}");
        return StepResult.Done(Outputs(path, aside));
    }

    /// <summary>
    /// An aside that is an empty directory and not a mountpoint holds nothing and hides nothing,
    /// so it is as good as absent: it is what a detached dataset leaves behind at its old
    /// mountpoint, and a rollback must move the original directory back over it. Empty means no
    /// entries at all, not even the lost+found a mounted filesystem brings.
    /// </summary>
    private static async Task<bool> IsVacantAsync(StepContext context, string aside, CancellationToken cancellationToken) =>
        DataPaths.IsDirectory(aside)
        && !Directory.EnumerateFileSystemEntries(aside).Any()
        && !await MountPoints.IsMountPointAsync(context, aside, cancellationToken);

    private static (string Path, string Aside) Paths(StepContext context)
    {
        var path = DataPaths.Absolute(context, "path");
        var aside = DataPaths.OptionalAbsolute(context, "aside") ?? path + ".orig";
        if (path == "/" || DataPaths.IsSameOrBelow(aside, path) || DataPaths.IsSameOrBelow(path, aside))
        {
            throw new StepFailedException($"cannot move {path} to {aside}: one is inside the other.") { Retryable = false };
        }

        return (path, aside);
    }

    private static JsonObject Outputs(string path, string aside) => new()
    {
        ["path"] = path,
        ["aside"] = aside,
    };
}
