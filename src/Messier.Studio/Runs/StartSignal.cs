using Messier.Workflows.Definitions;
using Messier.Workflows.Journal;
using Messier.Workflows.Runtime;

namespace Messier.Studio.Runs;

/// <summary>
/// Tells an action's request when its run has the lease and has begun (the engine announces a
/// run only after taking the lease), so the request can answer 202 while the run goes on; the
/// rest is handed to the composition root's observer (progress in the Studio's log).
/// </summary>
internal sealed class StartSignal(IWorkflowObserver inner) : IWorkflowObserver
{
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Started => started.Task;

    public void InstanceStarted(string instanceId, WorkflowDefinition definition, bool resumed)
    {
        started.TrySetResult();
        inner.InstanceStarted(instanceId, definition, resumed);
    }

    public void StepStarting(string instanceId, ActivityNode node, string? scope, int attempt, bool recovering) => inner.StepStarting(instanceId, node, scope, attempt, recovering);

    public void StepObservedDone(string instanceId, ActivityNode node, string? scope, string detail) => inner.StepObservedDone(instanceId, node, scope, detail);

    public void StepCompleted(string instanceId, ActivityNode node, string? scope, string outcome, TimeSpan duration) => inner.StepCompleted(instanceId, node, scope, outcome, duration);

    public void StepFailed(string instanceId, ActivityNode node, string? scope, string message, bool willRetry) => inner.StepFailed(instanceId, node, scope, message, willRetry);

    public void Planned(string instanceId, ActivityNode node, string? scope, string plan) => inner.Planned(instanceId, node, scope, plan);

    public void Logged(string instanceId, ActivityNode node, string level, string message) => inner.Logged(instanceId, node, level, message);

    public void Progress(string instanceId, ActivityNode node, string message) => inner.Progress(instanceId, node, message);

    public void InstanceEnded(string instanceId, InstanceStatus status, string? message) => inner.InstanceEnded(instanceId, status, message);
}
