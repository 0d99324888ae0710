using Messier.Workflows.Definitions;
using Messier.Workflows.Journal;
using Messier.Workflows.Leases;
using Messier.Workflows.Runtime;

namespace Messier.Studio;

/// <summary>What the composition root hands the Studio: the journal, definitions, and a way to make engines.</summary>
/// <param name="Loader">Loads pinned definitions of instances, to draw them.</param>
/// <param name="EngineFactory">
/// A new engine per action, each with its own lease owner: two actions on one instance from this
/// process must meet the lease like two processes would, not share one runner id and both run.
/// </param>
public sealed record StudioServices(
    IWorkflowJournal Journal,
    DefinitionLoader Loader,
    IStudioDefinitionSource Definitions,
    Func<IWorkflowObserver, WorkflowEngine> EngineFactory)
{
    public IOwnerLiveness Liveness { get; init; } = ProcessLiveness.Instance;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Hears the runs that actions start in the Studio's process (progress in its log).</summary>
    public IWorkflowObserver Observer { get; init; } = NullWorkflowObserver.Instance;
}
