using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;

namespace Messier.Benchmarks;

/// <summary>
/// A side-effecting step that does nothing: observe says "not there yet", apply returns at once.
/// The interpreter still treats it as a durable step (start committed before, outcome after), so a
/// workflow of these measures exactly what durability costs per step, with no work to hide it.
/// </summary>
public sealed class NoOpStepActivity : IStepActivity
{
    public const string TypeName = "Bench.NoOp";

    private static readonly Task<Observation> NotYet = Task.FromResult(Observation.Pending("nothing to do"));

    public ActivityDescriptor Descriptor { get; } = new(TypeName, ActivityCategory.Primitives, "Does nothing, durably (benchmarks only).", [], [ActivityDescriptor.Done]);

    public Task<Observation> ObserveAsync(StepContext context, CancellationToken cancellationToken) => NotYet;

    public Task<StepResult> ApplyAsync(StepContext context, CancellationToken cancellationToken) => Task.FromResult(StepResult.Done());
}
