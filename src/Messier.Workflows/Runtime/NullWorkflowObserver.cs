using Messier.Workflows.Definitions;
using Messier.Workflows.Journal;

namespace Messier.Workflows.Runtime;

/// <summary>An observer that hears nothing, for tests and embedding.</summary>
public sealed class NullWorkflowObserver : IWorkflowObserver
{
    public static NullWorkflowObserver Instance { get; } = new();

    public void InstanceStarted(string instanceId, WorkflowDefinition definition, bool resumed)
    {
    }

    public void StepStarting(string instanceId, ActivityNode node, string? scope, int attempt, bool recovering)
    {
    }

    public void StepObservedDone(string instanceId, ActivityNode node, string? scope, string detail)
    {
    }

    public void StepCompleted(string instanceId, ActivityNode node, string? scope, string outcome, TimeSpan duration)
    {
    }

    public void StepFailed(string instanceId, ActivityNode node, string? scope, string message, bool willRetry)
    {
    }

    public void Planned(string instanceId, ActivityNode node, string? scope, string plan)
    {
    }

    public void Logged(string instanceId, ActivityNode node, string level, string message)
    {
    }

    public void Progress(string instanceId, ActivityNode node, string message)
    {
    }

    public void InstanceEnded(string instanceId, InstanceStatus status, string? message)
    {
    }
}
