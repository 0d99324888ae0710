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
    /// <summary>Appended to a copy's name once it is verified, for the time its removal takes.</summary>
    private const string RemovingSuffix = ".messier-removing";

    public ActivityDescriptor Descriptor { get; } = new(
        "RemoveVerifiedCopy",
        ActivityCategory.Host,
        "Removes a copy of a directory (e.g. /var/lib/docker.orig) after verifying, immediately before, that it is identical to the original (the comparison VerifyTree makes). Any difference, including files only in the copy, refuses the removal and leaves the copy as it is. A verified copy is first renamed to COPY.messier-removing and then removed, so a removal that was interrupted is finished by the next run (that name is only ever given to a verified copy) instead of leaving a part that no longer verifies. Refuses /, relative paths, symlinks and mountpoints. Observed done when neither the copy nor COPY.messier-removing exists and the original is there. Outputs: copy, removed, checked (entries verified by this run; 0 when it only finished an earlier run's removal).",
        [
            PropertyDescriptor.Value("copy", DataType.String, "The copy to remove (absolute).") with { Required = true },
            PropertyDescriptor.Value("original", DataType.String, "The directory the copy must equal (absolute).") with { Required = true },
            PropertyDescriptor.Value("ignoreXattrsAndAcls", DataType.Boolean, "Leave ACLs and xattrs out of the comparison, when the original was made with CopyTree acceptLoss.") with { Default = false },
        ],
        [ActivityDescriptor.Done]);

    public Task<Observation> ObserveAsync(StepContext context, CancellationToken cancellationToken)
    {
        var (copy, original) = Paths(context);
        var removing = Removing(copy);
        var plans = new List<string>();
        if (DataPaths.Exists(removing))
        {
            RequireOriginalFor(removing, original);
            plans.Add($"finish removing {removing} (verified before it was renamed)");
        }

        if (DataPaths.Exists(copy))
        {
            plans.Add($"verify {copy} against {original}, rename it to {removing}, then remove that");
        }

        if (plans.Count > 0)
        {
            return Task.FromResult(Observation.Pending(string.Join("; then ", plans)));
        }

        RequireOriginal(copy, original);
        return Task.FromResult(Observation.Done($"{copy} is already gone", Outputs(copy, removed: false, 0)));
    }

    public async Task<StepResult> ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        var (copy, original) = Paths(context);
        var removing = Removing(copy);

        // First what an interrupted run left, so the name is free for this run's rename.
        var finished = false;
        if (DataPaths.Exists(removing))
        {
            RequireOriginalFor(removing, original);
            await RequireRemovableAsync(context, removing, cancellationToken);
            context.Report($"finishing the removal of {removing}, verified against {original} before it was renamed");
            await RemoveAsync(context, removing, cancellationToken);
            finished = true;
        }

        if (!DataPaths.Exists(copy))
        {
            RequireOriginal(copy, original);
            return StepResult.Done(Outputs(copy, removed: finished, 0));
        }

        var ignore = context.Inputs.GetBoolean("ignoreXattrsAndAcls", false);
        await RequireRemovableAsync(context, copy, cancellationToken);
        context.Report($"verifying {copy} against {original} before removing it");
        var comparison = await TreeComparison.CompareAsync(context, original, copy, xattrsAndAcls: !ignore, cancellationToken, ("the original", "the copy"));
        if (!comparison.Identical)
        {
            throw new StepFailedException($"refusing to remove {copy}: it differs from {original} in {comparison.DifferenceCount} places, so it may hold the only copy of something: {comparison.Describe()}") { Retryable = false };
        }

        // rm -rf takes time and can be interrupted, leaving a part of the copy that no longer
        // verifies, so that no later run would dare remove it. Renamed first (atomically, in the
        // same directory), the part left is under a name only a verified copy ever gets.
        try
        {
            Directory.Move(copy, removing);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StepFailedException($"cannot rename the verified copy {copy} to {removing} before removing it: {ex.Message}. Nothing was removed.") { Retryable = false };
        }

        await RemoveAsync(context, removing, cancellationToken);
        return StepResult.Done(Outputs(copy, removed: true, comparison.Entries));
    }

    private static void RequireOriginal(string copy, string original)
    {
        if (!DataPaths.Exists(original))
        {
            throw new StepFailedException($"neither the copy {copy} nor the original {original} exists: there is nothing to verify, and the data is not where this flow expects it. Find it before going on.") { Retryable = false };
        }
    }

    /// <summary>
    /// A copy being removed was identical to the original when it was verified; but should the
    /// original have gone since, what is left of the copy is all that is left of the data.
    /// </summary>
    private static void RequireOriginalFor(string removing, string original)
    {
        if (!DataPaths.IsDirectory(original))
        {
            throw new StepFailedException($"{removing} is what is left of a verified copy of {original}, but {original} is no longer a directory: what is left may now be the only copy of that data, so it is not removed. Find out what happened to {original} first.") { Retryable = false };
        }
    }

    /// <summary>The name a verified copy is renamed to before it is deleted.</summary>
    private static string Removing(string copy) => copy + RemovingSuffix;

    private static async Task RequireRemovableAsync(StepContext context, string path, CancellationToken cancellationToken)
    {
        if (DataPaths.IsSymlink(path) || !DataPaths.IsDirectory(path))
        {
            throw new StepFailedException($"refusing to remove {path}: it is not a directory (a symlink or a file), so it is not the kind of copy this step removes.") { Retryable = false };
        }

        if (await MountPoints.IsMountPointAsync(context, path, cancellationToken))
        {
            throw new StepFailedException($"refusing to remove {path}: it is a mountpoint, a filesystem of its own rather than a copy inside one.") { Retryable = false };
        }
    }

    /// <summary>--one-file-system: a filesystem mounted inside the copy since the check is not part of it.</summary>
    private static async Task RemoveAsync(StepContext context, string path, CancellationToken cancellationToken) =>
        await context.RunCheckedAsync(["rm", "-rf", "--one-file-system", "--", path], cancellationToken, retryable: false);

    private static (string Copy, string Original) Paths(StepContext context)
    {
        var copy = DataPaths.Absolute(context, "copy");
        var original = DataPaths.Absolute(context, "original");
        if (copy == "/")
        {
            throw new StepFailedException("refusing to remove /.") { Retryable = false };
        }

        var removing = Removing(copy);
        if (DataPaths.IsSameOrBelow(copy, original) || DataPaths.IsSameOrBelow(original, copy)
            || DataPaths.IsSameOrBelow(removing, original) || DataPaths.IsSameOrBelow(original, removing))
        {
            throw new StepFailedException($"the copy {copy} and the original {original} overlap (or the original is named like the copy being removed, {removing}); removing one would remove the other.") { Retryable = false };
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
