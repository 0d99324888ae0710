using System.Text.Json.Nodes;
using Messier.Host.Common;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Definitions;

namespace Messier.Host.Files;

/// <summary>
/// Removes a backup copy (an .orig, a migration temp directory) only after checking, right before
/// deleting, that it is identical to the data it backs up. The shell flows this replaces deleted
/// .orig folders on a guess about what an interrupted run had done; this step deletes nothing it
/// has not just verified, and refuses on any difference, including files only the copy has.
/// </summary>
public sealed class RemoveVerifiedCopyActivity : IStepActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "RemoveVerifiedCopy",
        ActivityCategory.Host,
        "Removes a copy of a directory (e.g. /var/lib/docker.orig) after verifying, immediately before, that it is identical to the original (the comparison VerifyTree makes). Any difference, including files only in the copy, refuses the removal and leaves the copy as it is. Refuses /, relative paths, symlinks and mountpoints. Observed done when the copy is gone and the original is there. Outputs: copy, removed, checked.",
        [
            PropertyDescriptor.Value("copy", DataType.String, "The copy to remove (absolute).") with { Required = true },
            PropertyDescriptor.Value("original", DataType.String, "The directory the copy must equal (absolute).") with { Required = true },
            PropertyDescriptor.Value("ignoreXattrsAndAcls", DataType.Boolean, "Leave ACLs and xattrs out of the comparison, when the original was made with CopyTree acceptLoss.") with { Default = false },
        ],
        [ActivityDescriptor.Done]);

    public Task<Observation> ObserveAsync(StepContext context, CancellationToken cancellationToken)
    {
        var (copy, original) = Paths(context);
        if (DataPaths.Exists(copy))
        {
            return Task.FromResult(Observation.Pending($"verify {copy} against {original}, then remove {copy}"));
        }

        if (!DataPaths.Exists(original))
        {
            throw new StepFailedException($"neither the copy {copy} nor the original {original} exists: there is nothing to verify, and the data is not where this flow expects it. Find it before going on.") { Retryable = false };
        }

        return Task.FromResult(Observation.Done($"{copy} is already gone", Outputs(copy, removed: false, 0)));
    }

    public async Task<StepResult> ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        var (copy, original) = Paths(context);
        var ignore = context.Inputs.GetBoolean("ignoreXattrsAndAcls", false);
        if (DataPaths.IsSymlink(copy) || !DataPaths.IsDirectory(copy))
        {
            throw new StepFailedException($"refusing to remove {copy}: it is not a directory (a symlink or a file), so it is not the kind of copy this step removes.") { Retryable = false };
        }

        if (await MountPoints.IsMountPointAsync(context, copy, cancellationToken))
        {
            throw new StepFailedException($"refusing to remove {copy}: it is a mountpoint, a filesystem of its own rather than a copy inside one.") { Retryable = false };
        }

        context.Report($"verifying {copy} against {original} before removing it");
        var comparison = await TreeComparison.CompareAsync(context, original, copy, xattrsAndAcls: !ignore, cancellationToken, ("the original", "the copy"));
        if (!comparison.Identical)
        {
            throw new StepFailedException($"refusing to remove {copy}: it differs from {original} in {comparison.DifferenceCount} places, so it may hold the only copy of something: {comparison.Describe()}") { Retryable = false };
        }

        // --one-file-system: a filesystem mounted inside the copy since the check is not part of it.
        await context.RunCheckedAsync(["rm", "-rf", "--one-file-system", "--", copy], cancellationToken, retryable: false);
        return StepResult.Done(Outputs(copy, removed: true, comparison.Entries));
    }

    private static (string Copy, string Original) Paths(StepContext context)
    {
        var copy = DataPaths.Absolute(context, "copy");
        var original = DataPaths.Absolute(context, "original");
        if (copy == "/")
        {
            throw new StepFailedException("refusing to remove /.") { Retryable = false };
        }

        if (DataPaths.IsSameOrBelow(copy, original) || DataPaths.IsSameOrBelow(original, copy))
        {
            throw new StepFailedException($"the copy {copy} and the original {original} overlap; removing one would remove the other.") { Retryable = false };
        }

        return (copy, original);
    }

    private static JsonObject Outputs(string copy, bool removed, long checkedEntries) => new()
    {
        ["copy"] = copy,
        ["removed"] = removed,
        ["checked"] = checkedEntries,
    };
}
