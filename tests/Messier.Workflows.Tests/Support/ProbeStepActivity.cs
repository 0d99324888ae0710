using System.Text.Json.Nodes;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Definitions;

namespace Messier.Workflows.Tests.Support;

/// <summary>
/// A side-effecting step whose observe and apply are delegates, for testing the interpreter's own
/// logic (commit order, retries, recovery). It records every call so tests can assert on them.
/// </summary>
public sealed class ProbeStepActivity : IStepActivity
{
    private readonly Func<StepContext, Observation>? observe;
    private readonly Func<StepContext, CancellationToken, Task<StepResult>> apply;

    public ProbeStepActivity(
        string type = "Probe",
        Func<StepContext, Observation>? observe = null,
        Func<StepContext, CancellationToken, Task<StepResult>>? apply = null)
    {
        this.observe = observe;
        this.apply = apply ?? ((context, _) => Task.FromResult(StepResult.Done(new JsonObject { ["echo"] = context.Inputs.Get("value")?.DeepClone() })));
        Descriptor = new ActivityDescriptor(
            type,
            ActivityCategory.Primitives,
            "A test step.",
            [PropertyDescriptor.Value("value", DataType.Any, "Anything.")],
            [ActivityDescriptor.Done]);
    }

    public ActivityDescriptor Descriptor { get; }

    public List<(string Call, string ActivityId, int Attempt, bool Recovering, JsonNode? Value)> Calls { get; } = [];

    public Task<Observation> ObserveAsync(StepContext context, CancellationToken cancellationToken)
    {
        lock (Calls)
        {
            Calls.Add(("observe", context.Node.Id, context.Attempt, context.Recovering, context.Inputs.Get("value")?.DeepClone()));
        }

        return Task.FromResult(observe?.Invoke(context) ?? Observation.Pending($"probe {context.Node.Id}"));
    }

    public Task<StepResult> ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        lock (Calls)
        {
            Calls.Add(("apply", context.Node.Id, context.Attempt, context.Recovering, context.Inputs.Get("value")?.DeepClone()));
        }

        return apply(context, cancellationToken);
    }

    public int CountOf(string call, string activityId)
    {
        lock (Calls)
        {
            return Calls.Count(c => c.Call == call && c.ActivityId == activityId);
        }
    }
}
