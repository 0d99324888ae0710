using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Definitions;

namespace Messier.Workflows.Activities.Primitives;

/// <summary>Faults the instance with a message: the seed's ABORT boxes.</summary>
public sealed class FailActivity : IInstantActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "Fail",
        ActivityCategory.Primitives,
        "Stops the workflow as faulted, with the message as its incident.",
        [PropertyDescriptor.Value("message", DataType.String, "Why the workflow stops.") with { Required = true }],
        []);

    public InstantResult Execute(InstantContext context) => InstantResult.Fault(context.Properties.GetString("message"));
}
