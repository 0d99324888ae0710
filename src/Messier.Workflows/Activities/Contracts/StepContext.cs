using Messier.Workflows.Commands;
using Messier.Workflows.Definitions;
using Messier.Workflows.Runtime;

namespace Messier.Workflows.Activities.Contracts;

/// <summary>
/// What a step sees. It runs off the interpreter's thread, so it gets a copy of its resolved inputs
/// and a command runner that records every command in the journal, never the instance state.
/// </summary>
public sealed class StepContext
{
    private readonly Func<CommandRequest, CancellationToken, Task<CommandResult>> runCommand;
    private readonly Action<string> report;

    internal StepContext(
        string instanceId,
        ActivityNode node,
        PropertyValues inputs,
        int attempt,
        bool recovering,
        bool dryRun,
        Func<CommandRequest, CancellationToken, Task<CommandResult>> runCommand,
        Action<string> report,
        IChildWorkflows children,
        string frameId)
    {
        Children = children;
        ChildInstanceId = $"{instanceId}.{frameId}";
        InstanceId = instanceId;
        Node = node;
        Inputs = inputs;
        Attempt = attempt;
        Recovering = recovering;
        DryRun = dryRun;
        this.runCommand = runCommand;
        this.report = report;
    }

    public string InstanceId { get; }

    /// <summary>The engine's child-instance services, for Call.</summary>
    public IChildWorkflows Children { get; }

    /// <summary>The id a child started by this step has: stable across crashes and retries of the step.</summary>
    public string ChildInstanceId { get; }

    public ActivityNode Node { get; }

    /// <summary>The inputs as resolved and committed before the step started.</summary>
    public PropertyValues Inputs { get; }

    /// <summary>1 for the first try, higher on retries.</summary>
    public int Attempt { get; }

    /// <summary>True when this step was in flight when its previous runner died.</summary>
    public bool Recovering { get; }

    public bool DryRun { get; }

    /// <summary>In a dry run: an earlier step (here or in a calling workflow) would have changed something first.</summary>
    public bool AfterPlannedChanges { get; init; }

    /// <summary>Runs a command; its argv, exit code, duration and output tail go into the journal.</summary>
    public Task<CommandResult> RunCommandAsync(CommandRequest request, CancellationToken cancellationToken) => runCommand(request, cancellationToken);

    /// <summary>Shows progress of a long step on the console.</summary>
    public void Report(string message) => report(message);
}
