using System.Globalization;
using Messier.Workflows.Definitions;
using Messier.Workflows.Journal;
using Messier.Workflows.Runtime;

namespace Messier.Cli.Output;

/// <summary>Turns what a run does into log lines: one per step event, with the instance id as a property for the JSON log.</summary>
internal sealed class ConsoleProgress : IWorkflowObserver
{
    private readonly Serilog.ILogger logger;

    public ConsoleProgress(Serilog.ILogger logger)
    {
        this.logger = logger;
    }

    /// <summary>
    /// When set, a new instance's id is written alone on the first line of stdout before any
    /// progress, so scripts can take it with <c>head -n1</c>.
    /// </summary>
    public bool EchoNewInstanceId { get; set; }

    public void InstanceStarted(string instanceId, WorkflowDefinition definition, bool resumed)
    {
        if (EchoNewInstanceId && !resumed)
        {
            // Only the instance the command started: the flows it calls start instances too.
            EchoNewInstanceId = false;
            Console.Out.WriteLine(instanceId);
            Console.Out.Flush();
        }

        For(instanceId).Information(resumed ? "Resuming {Definition} instance {InstanceId}" : "Running {Definition} as instance {InstanceId}", definition.Name, instanceId);
    }

    public void StepStarting(string instanceId, ActivityNode node, string? scope, int attempt, bool recovering) =>
        For(instanceId).Information(
            recovering ? "  > {Step} ({Type}) was in flight when the last runner stopped: observing it again" : attempt > 1 ? "  > {Step} ({Type}), attempt {Attempt}" : "  > {Step} ({Type})",
            Label(node, scope),
            node.Type,
            attempt);

    public void StepObservedDone(string instanceId, ActivityNode node, string? scope, string detail) =>
        For(instanceId).Information("  = {Step} {Detail}", Label(node, scope), detail);

    public void StepCompleted(string instanceId, ActivityNode node, string? scope, string outcome, TimeSpan duration) =>
        For(instanceId).Information("  + {Step} done in {Duration}{Outcome}", Label(node, scope), FormatDuration(duration), outcome == "Done" ? string.Empty : $" ({outcome})");

    public void StepFailed(string instanceId, ActivityNode node, string? scope, string message, bool willRetry) =>
        For(instanceId).Warning(willRetry ? "  ! {Step} failed, will retry: {Error}" : "  ! {Step} failed: {Error}", Label(node, scope), message);

    public void Planned(string instanceId, ActivityNode node, string? scope, string plan) =>
        For(instanceId).Information("  ? {Step} would {Plan}", Label(node, scope), plan);

    public void Logged(string instanceId, ActivityNode node, string level, string message)
    {
        var log = For(instanceId);
        switch (level)
        {
            case "error":
                log.Error("  {Message}", message);
                break;
            case "warning":
                log.Warning("  {Message}", message);
                break;
            default:
                log.Information("  {Message}", message);
                break;
        }
    }

    public void Progress(string instanceId, ActivityNode node, string message) =>
        For(instanceId).Information("    {Step}: {Progress}", Label(node), message);

    public void InstanceEnded(string instanceId, InstanceStatus status, string? message)
    {
        var log = For(instanceId);
        if (status is InstanceStatus.Faulted)
        {
            log.Error("Instance {InstanceId} faulted: {Error}", instanceId, message);
        }
        else
        {
            log.Information(message is null ? "Instance {InstanceId} {Status}" : "Instance {InstanceId} {Status}: {Message}", instanceId, status.ToName(), message);
        }
    }

    private Serilog.ILogger For(string instanceId) => logger.ForContext("InstanceId", instanceId);

    private static string Label(ActivityNode node, string? scope = null) =>
        (node.DisplayName is null ? node.Id : $"{node.Id} \"{node.DisplayName}\"") + (scope is null ? string.Empty : $" [{scope}]");

    private static string FormatDuration(TimeSpan duration) =>
        duration.TotalSeconds < 1
            ? string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0} ms")
            : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.0} s");
}
