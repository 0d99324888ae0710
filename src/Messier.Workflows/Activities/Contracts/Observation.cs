using System.Text.Json.Nodes;

namespace Messier.Workflows.Activities.Contracts;

/// <summary>What a step's observe found.</summary>
/// <param name="IsDone">The desired state is already there: apply is skipped.</param>
/// <param name="Plan">What apply would do, for dry runs and the journal.</param>
/// <param name="Outputs">When done: the outputs apply would have produced.</param>
public sealed record Observation(bool IsDone, string Plan, JsonObject? Outputs)
{
    public static Observation Done(string detail, JsonObject? outputs = null) => new(true, detail, outputs);

    public static Observation Pending(string plan) => new(false, plan, null);
}
