using System.Text.Json.Nodes;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Definitions;

namespace Messier.Workflows.Activities.Primitives;

/// <summary>Suspends the instance until an operator runs <c>messier approve</c>.</summary>
public sealed class ApproveActivity : IResumableActivity
{
    public const string BookmarkName = "approval";

    public ActivityDescriptor Descriptor { get; } = new(
        "Approve",
        ActivityCategory.Primitives,
        "Suspends the workflow on a bookmark until someone approves it (messier approve ID); ends with outcome Approved.",
        [PropertyDescriptor.Value("message", DataType.String, "What the operator is asked to approve, and why.") with { Required = true }],
        ["Approved"]);

    public InstantResult Execute(InstantContext context) =>
        context.DryRun
            ? InstantResult.Complete("Approved", new JsonObject { ["dryRun"] = true })
            : InstantResult.Suspend(BookmarkName, context.Properties.GetString("message"));

    public InstantResult Resume(InstantContext context, JsonNode? payload) =>
        InstantResult.Complete("Approved", new JsonObject { ["approval"] = payload?.DeepClone() });
}
