using System.Text.Json.Nodes;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;

namespace Messier.Host.Files;

/// <summary>
/// Checks, read-only, that a target tree is identical to its source: every file's checksum,
/// numeric owners, modes, mtimes, symlinks, hard links, entries on either side only, and unless
/// told otherwise ACLs and xattrs. It is a verification, not an ensure step: a difference fails
/// it (no retry makes a wrong copy right), and there is nothing to apply.
/// </summary>
public sealed class VerifyTreeActivity : IStepActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "VerifyTree",
        ActivityCategory.Host,
        "Verifies, without changing anything, that a target directory is identical to a source directory (rsync dry run with checksums: contents, numeric owners, modes, mtimes to the second, symlinks, hard links, devices, entries only on one side, ACLs and xattrs). Any difference fails the step and lists the first ones. Outputs: identical, checked, files, bytes.",
        TreeComparisonInputs.Properties("The directory that is right (absolute).", "The directory that must equal it (absolute)."),
        [ActivityDescriptor.Done]);

    public async Task<Observation> ObserveAsync(StepContext context, CancellationToken cancellationToken)
    {
        var source = TreeComparisonInputs.Source(context);
        var target = TreeComparisonInputs.Target(context);
        var comparison = await TreeComparisonInputs.CompareAsync(context, source, target, cancellationToken);
        if (!comparison.Identical)
        {
            throw new StepFailedException($"{target} differs from {source} in {comparison.DifferenceCount} places: {comparison.Describe()}") { Retryable = false };
        }

        return Observation.Done($"{target} is identical to {source} ({comparison.Entries} entries checked)", new JsonObject
        {
            ["identical"] = true,
            ["checked"] = comparison.Entries,
            ["files"] = comparison.RegularFiles,
            ["bytes"] = comparison.Bytes,
        });
    }

    public Task<StepResult> ApplyAsync(StepContext context, CancellationToken cancellationToken) =>
        throw new StepFailedException("VerifyTree has nothing to apply: its observe either finds the trees identical or fails.") { Retryable = false };
}
