using System.Text.Json.Nodes;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Definitions;

namespace Messier.Workflows.Activities.Primitives;

/// <summary>Ends the workflow successfully right away.</summary>
public sealed class FinishActivity : IInstantActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "Finish",
        ActivityCategory.Primitives,
        "Ends the whole workflow successfully now; 'outputs' are merged into the workflow outputs.",
        [PropertyDescriptor.Value("outputs", DataType.Object, "Outputs to set: names to values or expressions.")],
        []);

    public InstantResult Execute(InstantContext context) =>
        InstantResult.Finish(context.Properties.Get("outputs") as JsonObject);
}
