using System.Text.Json.Nodes;
using Messier.Host.Common;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;

namespace Messier.Host.Files;

/// <summary>
/// Compares two trees, read-only, the way VerifyTree does, but reports a difference instead of
/// failing on it, so a flow can branch on the answer: a rollback that must know whether an .orig
/// still equals the data, or a check that prints what differs before asking the operator.
/// </summary>
public sealed class CompareTreesActivity : IStepActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "CompareTrees",
        ActivityCategory.Host,
        "Compares, without changing anything, a target directory with a source directory exactly as VerifyTree does (contents by checksum, numeric owners, modes, mtimes to the second, symlinks, hard links, devices, entries only on one side, ACLs and xattrs), but a difference does not fail the step: it is reported. Fails only when a side does not exist or is not a directory. Outputs: identical, differenceCount, differences (the first 20, in words), summary (the differences in one line, or \"identical\"), checked (entries compared).",
        TreeComparisonInputs.Properties("The directory compared against (absolute).", "The directory compared with it (absolute)."),
        [ActivityDescriptor.Done]);

    public async Task<Observation> ObserveAsync(StepContext context, CancellationToken cancellationToken)
    {
        var source = TreeComparisonInputs.Source(context);
        var target = TreeComparisonInputs.Target(context);
        RequireDirectory(source, "source");
        RequireDirectory(target, "target");
        var comparison = await TreeComparisonInputs.CompareAsync(context, source, target, cancellationToken);
        var summary = comparison.Identical ? "identical" : comparison.Describe();
        return Observation.Done(
            comparison.Identical
                ? $"{target} is identical to {source} ({comparison.Entries} entries checked)"
                : $"{target} differs from {source} in {comparison.DifferenceCount} places: {summary}",
            new JsonObject
            {
                ["identical"] = comparison.Identical,
                ["differenceCount"] = comparison.DifferenceCount,
                ["differences"] = new JsonArray(comparison.Differences.Select(d => (JsonNode)d).ToArray()),
                ["summary"] = summary,
                ["checked"] = comparison.Entries,
            });
    }

    public Task<StepResult> ApplyAsync(StepContext context, CancellationToken cancellationToken) =>
        throw new StepFailedException("CompareTrees has nothing to apply: its observe always reports the comparison.") { Retryable = false };

    /// <summary>A missing side is not a difference to report but a flow pointed at the wrong place.</summary>
    private static void RequireDirectory(string path, string side)
    {
        if (!DataPaths.Exists(path))
        {
            throw new StepFailedException($"cannot compare: the {side} {path} does not exist.") { Retryable = false };
        }

        if (!DataPaths.IsDirectory(path))
        {
            var what = DataPaths.IsSymlink(path) ? " (a symlink, which this step does not follow)" : string.Empty;
            throw new StepFailedException($"cannot compare: the {side} {path} is not a directory{what}.") { Retryable = false };
        }
    }
}
