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

    /// <summary>
    /// A probe whose runner dies once, while applying the first step <paramref name="dies"/> picks
    /// and after that step's effect: it cancels <paramref name="stop"/> (the run's token) and waits
    /// until the run gives up on it, so the step's completion is never committed. Observed again on
    /// recovery, that step finds its effect in place.
    /// </summary>
    public static ProbeStepActivity DyingOnce(Func<StepContext, bool> dies, CancellationTokenSource stop)
    {
        var died = false;
        return new ProbeStepActivity(
            observe: context => context.Recovering && died ? Observation.Done("the effect is there") : Observation.Pending("probe"),
            apply: async (context, token) =>
            {
                if (!died && dies(context))
                {
                    died = true;
                    await stop.CancelAsync();
                    await Task.Delay(Timeout.Infinite, token);
                }

                return StepResult.Done();
            });
    }
}
