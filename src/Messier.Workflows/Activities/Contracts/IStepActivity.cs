namespace Messier.Workflows.Activities.Contracts;

/// <summary>
/// A leaf that touches the host: an "ensure" step. <see cref="ObserveAsync"/> is read-only and
/// answers "is the desired state already there?"; <see cref="ApplyAsync"/> makes it so. The
/// interpreter commits the step's start and resolved inputs before either runs, observes before
/// every apply (so a step that was in flight at a crash is not blindly applied twice), and in a
/// dry run observes only.
/// </summary>
public interface IStepActivity : IActivity
{
    Task<Observation> ObserveAsync(StepContext context, CancellationToken cancellationToken);

    Task<StepResult> ApplyAsync(StepContext context, CancellationToken cancellationToken);
}
