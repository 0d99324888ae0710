using Messier.Workflows.Activities;
using Messier.Workflows.Commands;
using Messier.Workflows.Expressions;
using Messier.Workflows.Journal;
using Messier.Workflows.Leases;

namespace Messier.Workflows.Runtime;

/// <summary>What every run of an engine shares.</summary>
internal sealed record EngineServices(
    IWorkflowJournal Journal,
    ActivityRegistry Registry,
    ICommandRunner Commands,
    IWorkflowObserver Observer,
    JavaScriptEvaluator Expressions,
    TimeProvider Time,
    IOwnerLiveness Liveness,
    EngineOptions Options,
    IChildWorkflows Children);
