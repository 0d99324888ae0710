using System.Text.Json.Nodes;
using Messier.Workflows.Activities.Descriptors;

namespace Messier.Workflows.Activities.Contracts;

/// <summary>A step's outcome and outputs; the outputs are visible to later expressions as <c>steps.ID</c>.</summary>
public sealed record StepResult(string Outcome, JsonObject Outputs)
{
    /// <summary>When set, the step did not complete: it waits on a bookmark of this name (a Call waiting on its child).</summary>
    public string? SuspendOn { get; init; }

    /// <summary>What the operator is told while the step waits.</summary>
    public string? SuspendMessage { get; init; }

    public static StepResult Done(JsonObject? outputs = null) => new(ActivityDescriptor.Done, outputs ?? []);

    /// <summary>
    /// The step waits; when its bookmark is resumed the step is observed again (and applied again
    /// if the observe does not find it done).
    /// </summary>
    public static StepResult Suspend(string bookmarkName, string message) =>
        new(ActivityDescriptor.Done, []) { SuspendOn = bookmarkName, SuspendMessage = message };
}
