using Messier.Workflows.Definitions;
using Messier.Workflows.Journal;
using Messier.Workflows.Runtime;

namespace Messier.Workflows.Tests.Support;

/// <summary>Keeps what a run told its observer that an operator would read: plans and log lines.</summary>
public sealed class RecordingObserver : IWorkflowObserver
{
    private readonly List<string> plans = [];
    private readonly List<string> logs = [];

    public IReadOnlyList<string> Plans
    {
        get
        {
            lock (plans)
            {
                return [.. plans];
            }
        }
    }

    public IReadOnlyList<string> Logs
    {
        get
        {
            lock (logs)
            {
                return [.. logs];
            }
        }
    }

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
        lock (plans)
        {
            plans.Add(plan);
        }
    }

    public void Logged(string instanceId, ActivityNode node, string level, string message)
    {
        lock (logs)
        {
            logs.Add(message);
        }
    }

    public void Progress(string instanceId, ActivityNode node, string message)
    {
    }

    public void InstanceEnded(string instanceId, InstanceStatus status, string? message)
    {
    }
}
