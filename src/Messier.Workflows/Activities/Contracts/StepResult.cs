using System.Text.Json.Nodes;
using Messier.Workflows.Activities.Descriptors;

namespace Messier.Workflows.Activities.Contracts;

/// <summary>A step's outcome and outputs; the outputs are visible to later expressions as <c>steps.ID</c>.</summary>
public sealed record StepResult(string Outcome, JsonObject Outputs)
{
    public static StepResult Done(JsonObject? outputs = null) => new(ActivityDescriptor.Done, outputs ?? []);
}
