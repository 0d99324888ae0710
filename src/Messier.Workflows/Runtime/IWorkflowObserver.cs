using Messier.Workflows.Definitions;
using Messier.Workflows.Journal;

namespace Messier.Workflows.Runtime;

/// <summary>
/// Hears what a run does, for progress output. Called from the interpreter's thread except
/// <see cref="Progress"/>, which a step may call from its own; implementations must be quick.
/// </summary>
public interface IWorkflowObserver
{
    void InstanceStarted(string instanceId, WorkflowDefinition definition, bool resumed);

    // In the step callbacks, scope names the loop item the step runs for ("i=2"), or is null outside loops.
    void StepStarting(string instanceId, ActivityNode node, string? scope, int attempt, bool recovering);

    void StepObservedDone(string instanceId, ActivityNode node, string? scope, string detail);

    void StepCompleted(string instanceId, ActivityNode node, string? scope, string outcome, TimeSpan duration);

    void StepFailed(string instanceId, ActivityNode node, string? scope, string message, bool willRetry);

    /// <summary>Dry run: what the step would apply.</summary>
    void Planned(string instanceId, ActivityNode node, string? scope, string plan);

    void Logged(string instanceId, ActivityNode node, string level, string message);

    void Progress(string instanceId, ActivityNode node, string message);

    void InstanceEnded(string instanceId, InstanceStatus status, string? message);
}
