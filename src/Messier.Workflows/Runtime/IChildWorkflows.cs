using System.Text.Json.Nodes;
using Messier.Workflows.Journal;

namespace Messier.Workflows.Runtime;

/// <summary>What a Call step may ask of the engine: find, start, resume or retry its child instance.</summary>
public interface IChildWorkflows
{
    /// <summary>The child instance with this id, if it exists.</summary>
    Task<InstanceRecord?> FindAsync(string childId, CancellationToken cancellationToken);

    /// <summary>Creates the child under <paramref name="parentId"/> and runs it to its first stop.</summary>
    Task<RunResult> StartAsync(string definitionName, JsonObject inputs, string childId, string parentId, CancellationToken cancellationToken);

    /// <summary>Walks a child definition as a dry run (nothing applied, nothing journaled).</summary>
    Task<RunResult> DryRunAsync(string definitionName, JsonObject inputs, bool afterPlannedChanges, CancellationToken cancellationToken);

    /// <summary>Runs an existing child on from where it stands (interrupted: resume; faulted: retry).</summary>
    Task<RunResult> ContinueAsync(InstanceRecord child, CancellationToken cancellationToken);
}
