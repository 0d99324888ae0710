using System.Text.Json.Nodes;
using Messier.Host.Common;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Definitions;

namespace Messier.Host.Files;

/// <summary>
/// Answers, before a flow moves anything, the question CopyTree asks right before it copies: can
/// the filesystem the copy will land on hold the source's ACLs and xattrs? directory-to-dataset
/// asks it on the parent dataset's mountpoint before it renames the directory aside, so a tree
/// zfs-fuse cannot hold is refused with nothing moved, rather than moved, refused and rolled back.
/// </summary>
public sealed class CheckCopyTargetActivity : IStepActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "CheckCopyTarget",
        ActivityCategory.Host,
        "Checks, changing nothing but a probe file it removes, that a directory's filesystem can hold the ACLs and xattrs a source tree has (the check CopyTree makes before copying), so a flow can refuse before it moves anything. Fails naming the files whose ACLs or xattrs would be lost, unless acceptLoss. Outputs: lostXattrs, lostXattrCount, lostAcls, lostAclCount (what a copy with acceptLoss would lose).",
        [
            PropertyDescriptor.Value("source", DataType.String, "The tree that will be copied (absolute).") with { Required = true },
            PropertyDescriptor.Value("target", DataType.String, "An existing directory on the filesystem the copy will land on (absolute), e.g. the parent dataset's mountpoint.") with { Required = true },
            PropertyDescriptor.Value("acceptLoss", DataType.Boolean, "Report the loss in the outputs instead of failing.") with { Default = false },
        ],
        [ActivityDescriptor.Done]);

    public async Task<Observation> ObserveAsync(StepContext context, CancellationToken cancellationToken)
    {
        var source = DataPaths.Absolute(context, "source");
        var target = DataPaths.Absolute(context, "target");
        if (!DataPaths.IsDirectory(source))
        {
            throw new StepFailedException($"the source {source} is not a directory.") { Retryable = false };
        }

        if (!DataPaths.IsDirectory(target))
        {
            throw new StepFailedException($"the target {target} is not a directory to probe.") { Retryable = false };
        }

        var inventory = await MetadataLoss.ScanAsync(context, source, cancellationToken);
        var loss = await MetadataLoss.AssessAsync(context, inventory, target, cancellationToken);
        if (loss.Any && !context.Inputs.GetBoolean("acceptLoss", false))
        {
            throw new StepFailedException(loss.Refusal($"{target}'s filesystem cannot hold everything {source} has, so nothing was moved or copied.")) { Retryable = false };
        }

        var outputs = new JsonObject
        {
            ["lostXattrs"] = new JsonArray(loss.LostXattrs.Select(l => (JsonNode)l).ToArray()),
            ["lostXattrCount"] = loss.LostXattrCount,
            ["lostAcls"] = new JsonArray(loss.LostAcls.Select(l => (JsonNode)l).ToArray()),
            ["lostAclCount"] = loss.LostAclCount,
        };
        return Observation.Done(
            loss.Any ? $"{target} cannot hold {loss.LostAclCount} ACLs and {loss.LostXattrCount} xattrs of {source}; the loss is accepted" : $"{target} can hold everything {source} has",
            outputs);
    }

    public Task<StepResult> ApplyAsync(StepContext context, CancellationToken cancellationToken) =>
        throw new StepFailedException("CheckCopyTarget has nothing to apply: its observe either passes or fails.") { Retryable = false };
}
