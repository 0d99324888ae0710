using System.Collections.Concurrent;
using Messier.Workflows.Definitions;
using Messier.Workflows.Journal;
using Messier.Workflows.Runtime;

namespace Messier.Host.Tests.Support;

/// <summary>Keeps the progress lines steps report, which go to the console and not the journal.</summary>
public sealed class RecordingObserver : IWorkflowObserver
{
    private readonly ConcurrentQueue<string> progress = new();

    public IReadOnlyList<string> ProgressLines => progress.ToArray();

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

    void IWorkflowObserver.Progress(string instanceId, ActivityNode node, string message) => progress.Enqueue($"{node.Id}: {message}");

    public void InstanceEnded(string instanceId, InstanceStatus status, string? message)
    {
    }
}
