using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Messier.Workflows.Activities;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Primitives;
using Messier.Workflows.Commands;
using Messier.Workflows.Definitions;
using Messier.Workflows.Expressions;
using Messier.Workflows.Journal;
using Messier.Workflows.Leases;

namespace Messier.Workflows.Runtime;

/// <summary>
/// Starts, resumes, approves, retries and cancels workflow instances over a journal. Each call
/// takes the instance's lease first, so one runner owns an instance at a time; a dead owner's lease
/// is taken over, a live one's is refused with who holds it.
/// </summary>
public sealed class WorkflowEngine
{
    /// <summary>
    /// How deep Calls may nest in one process. The shipped flows nest four deep; a definition that
    /// calls itself, directly or through others, would otherwise start children until memory runs
    /// out (and a dry run's chain of linked cancellations overflowed the stack when cancelled).
    /// </summary>
    public const int MaxCallDepth = 32;

    /// <summary>
    /// How many Calls one Call may set off below it in all. The depth limit alone let a parallel
    /// ForEach that calls its own definition start 3^32 children (found by the fuzzer).
    /// </summary>
    public const int MaxCallsBelowOneCall = 1000;

    /// <summary>The Call chain of the code running now; it flows into a child's run and back out with it.</summary>
    private static readonly AsyncLocal<CallChain?> Chain = new();

    private readonly EngineServices services;
    private readonly DefinitionLoader loader;
    private readonly LeaseOwner owner;
    private readonly IDefinitionResolver? definitions;

    public WorkflowEngine(
        IWorkflowJournal journal,
        ActivityRegistry registry,
        ICommandRunner commands,
        IWorkflowObserver? observer = null,
        EngineOptions? options = null,
        TimeProvider? time = null,
        IOwnerLiveness? liveness = null,
        LeaseOwner? owner = null,
        IDefinitionResolver? definitions = null)
    {
        this.definitions = definitions;
        services = new EngineServices(
            journal,
            registry,
            commands,
            observer ?? NullWorkflowObserver.Instance,
            new JavaScriptEvaluator(),
            time ?? TimeProvider.System,
            liveness ?? ProcessLiveness.Instance,
            options ?? EngineOptions.Default,
            new ChildWorkflowHost(this));
        loader = new DefinitionLoader(registry);
        this.owner = owner ?? LeaseOwner.ForCurrentProcess();
    }

    public LeaseOwner Owner => owner;

    /// <summary>Creates an instance pinned to <paramref name="definition"/> and runs it to its first stop.</summary>
    /// <exception cref="InputException">The inputs do not fit the definition; nothing was created.</exception>
    public Task<RunResult> StartAsync(WorkflowDefinition definition, IReadOnlyDictionary<string, JsonNode?> inputs, CancellationToken cancellationToken) =>
        StartCoreAsync(definition, inputs, InstanceIds.New(), null, cancellationToken);

    private async Task<RunResult> StartCoreAsync(WorkflowDefinition definition, IReadOnlyDictionary<string, JsonNode?> inputs, string id, string? parentId, CancellationToken cancellationToken)
    {
        var state = NewInstanceState(definition, inputs);
        var entries = new List<JournalEntry>
        {
            new(state.NextSequence++, null, null, JournalEvents.InstanceCreated, services.Time.GetUtcNow(), new JsonObject { ["inputs"] = state.Inputs.DeepClone(), ["definitionHash"] = definition.Hash }.ToJsonString()),
        };
        await services.Journal.CreateInstanceAsync(
            new NewInstance(id, definition.Name, definition.Hash, definition.Json, definition.SourcePath, state.Serialize(), state.Inputs.ToJsonString(), entries, parentId),
            owner,
            services.Options.LeaseDuration,
            cancellationToken);

        services.Observer.InstanceStarted(id, definition, resumed: false);
        return await new InstanceRun(services, id, definition, state, owner, dryRun: false).RunAsync(cancellationToken);
    }

    /// <summary>
    /// Walks the workflow observing only: every step reports whether its state is already there or
    /// what it would apply. Nothing is applied and nothing is written to the journal.
    /// </summary>
    public Task<RunResult> DryRunAsync(WorkflowDefinition definition, IReadOnlyDictionary<string, JsonNode?> inputs, CancellationToken cancellationToken) =>
        DryRunAsync(definition, inputs, afterPlannedChanges: false, cancellationToken);

    private async Task<RunResult> DryRunAsync(WorkflowDefinition definition, IReadOnlyDictionary<string, JsonNode?> inputs, bool afterPlannedChanges, CancellationToken cancellationToken)
    {
        var id = InstanceIds.New();
        var state = NewInstanceState(definition, inputs);
        var scratch = new InMemoryWorkflowJournal(services.Time);
        var dryServices = services with { Journal = scratch };
        await scratch.CreateInstanceAsync(
            new NewInstance(id, definition.Name, definition.Hash, definition.Json, definition.SourcePath, state.Serialize(), state.Inputs.ToJsonString(), [], null),
            owner,
            services.Options.LeaseDuration,
            cancellationToken);
        services.Observer.InstanceStarted(id, definition, resumed: false);
        return await new InstanceRun(dryServices, id, definition, state, owner, dryRun: true) { AfterPlannedChanges = afterPlannedChanges }.RunAsync(cancellationToken);
    }

    /// <summary>Continues an instance that is running in the journal but whose runner is gone.</summary>
    public async Task<RunResult> ResumeAsync(string instanceId, CancellationToken cancellationToken)
    {
        var record = await GetAsync(instanceId, cancellationToken);
        return await NotifyParentAsync(record, await ResumeCoreAsync(record, cancellationToken), cancellationToken);
    }

    private async Task<RunResult> ResumeCoreAsync(InstanceRecord record, CancellationToken cancellationToken)
    {
        switch (record.Status)
        {
            case InstanceStatus.Finished or InstanceStatus.Cancelled:
                throw new EngineException($"Instance {record.Id} is {record.Status.ToName()}; there is nothing to resume.");
            case InstanceStatus.Suspended:
                var waiting = await services.Journal.GetBookmarksAsync(record.Id, cancellationToken);
                return new RunResult(record.Id, InstanceStatus.Suspended, $"waiting for approval ({string.Join("; ", waiting.Select(b => $"{b.ActivityId}: {b.Message}"))}); approve it with 'messier approve {record.Id}'", null);
            case InstanceStatus.Faulted:
                throw new EngineException($"Instance {record.Id} is faulted; after fixing the cause, run 'messier retry {record.Id}'.");
        }

        return await TakeOverAndRunAsync(record, (run, state, tookOver) =>
        {
            // Whom the lease was taken from: a runner that died, or one whose lease ran out (hung, frozen).
            var from = tookOver ? record.Lease?.Owner.Describe() : null;
            run.AddEntry(null, null, JournalEvents.InstanceResumed, new JsonObject { ["tookOverFrom"] = from, ["by"] = owner.Describe() });
        }, cancellationToken);
    }

    /// <summary>Resumes every interrupted instance, oldest first; for the boot-time resume.</summary>
    public async Task<IReadOnlyList<RunResult>> ResumeAllAsync(CancellationToken cancellationToken)
    {
        var candidates = await services.Journal.ListInstancesAsync(new InstanceQuery([InstanceStatus.Running]), cancellationToken);
        var now = services.Time.GetUtcNow();
        var results = new List<RunResult>();
        // Parents first: resuming a parent continues its interrupted children through its Call steps.
        var interrupted = candidates
            .Where(r => r.EffectiveStatus(now, services.Liveness) == InstanceStatus.Interrupted)
            .OrderBy(r => r.ParentInstanceId is null ? 0 : 1)
            .ThenBy(r => r.CreatedAt)
            .ToList();
        foreach (var candidate in interrupted)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var record = await services.Journal.FindInstanceAsync(candidate.Id, cancellationToken);
            if (record is null || record.EffectiveStatus(services.Time.GetUtcNow(), services.Liveness) != InstanceStatus.Interrupted)
            {
                continue;
            }

            results.Add(await NotifyParentAsync(record, await ResumeCoreAsync(record, cancellationToken), cancellationToken));
        }

        return results;
    }

    /// <summary>Resumes a suspended instance's approval bookmark and runs on.</summary>
    public async Task<RunResult> ApproveAsync(string instanceId, string? bookmarkId, JsonNode? payload, CancellationToken cancellationToken)
    {
        var record = await GetAsync(instanceId, cancellationToken);
        if (record.Status != InstanceStatus.Suspended)
        {
            throw new EngineException($"Instance {record.Id} is {record.EffectiveStatus(services.Time.GetUtcNow(), services.Liveness).ToName()}, not waiting for an approval.");
        }

        var bookmarks = await services.Journal.GetBookmarksAsync(record.Id, cancellationToken);
        var approvals = bookmarks.Where(b => b.Name == ApproveActivity.BookmarkName).ToList();
        if (approvals.Count == 0 && bookmarkId is null && bookmarks.Where(b => b.Name == CallActivity.BookmarkName).ToList() is [var waitingOnChild])
        {
            // The parent only waits for its child: approving the parent means approving what the child waits for.
            return await ApproveAsync(waitingOnChild.Id, null, payload, cancellationToken);
        }

        var bookmark = bookmarkId is null
            ? approvals.Count == 1 ? approvals[0] : throw new EngineException(approvals.Count == 0
                ? $"Instance {record.Id} has no pending approval."
                : $"Instance {record.Id} waits on {approvals.Count} approvals; name one with --bookmark: {string.Join(", ", approvals.Select(b => $"{b.Id} ({b.ActivityId})"))}")
            : approvals.FirstOrDefault(b => b.Id == bookmarkId || b.ActivityId == bookmarkId)
              ?? throw new EngineException($"Instance {record.Id} has no pending approval '{bookmarkId}'.");

        var result = await TakeOverAndRunAsync(record, (run, state, _) =>
        {
            state.Queue.Insert(0, new WorkItem(bookmark.FrameId, WorkItemKind.Resume) { Payload = payload?.DeepClone() });
            run.RemoveBookmarkOnCommit(bookmark.Id);
            run.AddEntry(bookmark.ActivityId, null, JournalEvents.BookmarkResumed, new JsonObject { ["bookmark"] = bookmark.Id, ["payload"] = payload?.DeepClone() });
        }, cancellationToken);
        return await NotifyParentAsync(record, result, cancellationToken);
    }

    /// <summary>Runs a faulted instance again from the step that faulted.</summary>
    public async Task<RunResult> RetryAsync(string instanceId, CancellationToken cancellationToken)
    {
        var record = await GetAsync(instanceId, cancellationToken);
        if (record.Status != InstanceStatus.Faulted)
        {
            throw new EngineException($"Instance {record.Id} is {record.EffectiveStatus(services.Time.GetUtcNow(), services.Liveness).ToName()}; only a faulted instance can be retried.");
        }

        return await NotifyParentAsync(record, await RetryCoreAsync(record, cancellationToken), cancellationToken);
    }

    private Task<RunResult> RetryCoreAsync(InstanceRecord record, CancellationToken cancellationToken) =>
        TakeOverAndRunAsync(record, (run, state, _) =>
        {
            foreach (var frame in state.Frames.Values.Where(f => f.Status == FrameStatus.Faulted).OrderBy(f => f.Id, StringComparer.Ordinal))
            {
                frame.Status = FrameStatus.Scheduled;
                frame.Attempt = 0;
                frame.ResolvedInputs = null;
                state.Queue.Insert(0, new WorkItem(frame.Id, WorkItemKind.Execute));
            }

            run.ResolveIncidentsOnCommit();
            run.AddEntry(null, null, JournalEvents.InstanceRetried, new JsonObject { ["by"] = owner.Describe() });
        }, cancellationToken);

    /// <summary>
    /// Cancels an instance. One that another live runner owns is asked to stop (it does at its next
    /// heartbeat); any other is cancelled here and now.
    /// </summary>
    public async Task<RunResult> CancelAsync(string instanceId, CancellationToken cancellationToken)
    {
        var record = await GetAsync(instanceId, cancellationToken);
        if (record.Status is InstanceStatus.Finished or InstanceStatus.Cancelled)
        {
            throw new EngineException($"Instance {record.Id} is already {record.Status.ToName()}.");
        }

        var lease = await services.Journal.TryAcquireLeaseAsync(record.Id, owner, services.Options.LeaseDuration, services.Liveness, cancellationToken);
        if (!lease.Acquired)
        {
            await services.Journal.RequestCancelAsync(record.Id, cancellationToken);
            return new RunResult(record.Id, InstanceStatus.Running, $"cancel requested; {lease.HeldBy?.Owner.Describe()} stops it at its next heartbeat", null, lease.HeldBy);
        }

        var definition = await LoadPinnedAsync(record, cancellationToken);
        var state = ExecutionState.Of(record);
        var run = new InstanceRun(services, record.Id, definition, state, owner, dryRun: false);
        return await run.CancelNowAsync();
    }

    /// <summary>Finds an instance by id or unique id prefix.</summary>
    public Task<InstanceRecord> GetAsync(string idOrPrefix, CancellationToken cancellationToken) =>
        InstanceLookup.FindAsync(services.Journal, idOrPrefix, cancellationToken);

    /// <summary>Loads the definition an instance pinned when it started.</summary>
    public async Task<WorkflowDefinition> LoadPinnedAsync(InstanceRecord record, CancellationToken cancellationToken)
    {
        var pinned = await services.Journal.FindDefinitionAsync(record.DefinitionHash, cancellationToken)
            ?? throw new EngineException($"Instance {record.Id}: its pinned definition ({record.DefinitionHash}) is missing from the journal.");
        var result = loader.Load(pinned.Json, pinned.Path);
        return result.Definition
            ?? throw new EngineException($"Instance {record.Id}: its pinned definition no longer loads with this version of messier:{Environment.NewLine}{string.Join(Environment.NewLine, result.Errors)}");
    }

    /// <summary>
    /// When a child that its parent waits for (suspended on the child's bookmark) has stopped for
    /// good, the parent runs on: its Call step observes the child again. Returns the parent's result
    /// then, since that is where the operator's flow now stands.
    /// </summary>
    private async Task<RunResult> NotifyParentAsync(InstanceRecord child, RunResult result, CancellationToken cancellationToken)
    {
        if (child.ParentInstanceId is not { } parentId || result.Refused || result.Status is InstanceStatus.Running or InstanceStatus.Interrupted or InstanceStatus.Suspended)
        {
            return result;
        }

        var parent = await services.Journal.FindInstanceAsync(parentId, cancellationToken);
        if (parent is not { Status: InstanceStatus.Suspended })
        {
            return result;
        }

        var bookmark = (await services.Journal.GetBookmarksAsync(parentId, cancellationToken)).FirstOrDefault(b => b.Name == CallActivity.BookmarkName && b.Id == child.Id);
        if (bookmark is null)
        {
            return result;
        }

        var parentResult = await TakeOverAndRunAsync(parent, (run, state, _) =>
        {
            state.Queue.Insert(0, new WorkItem(bookmark.FrameId, WorkItemKind.Resume));
            run.RemoveBookmarkOnCommit(bookmark.Id);
            run.AddEntry(bookmark.ActivityId, null, JournalEvents.BookmarkResumed, new JsonObject { ["bookmark"] = bookmark.Id, ["child"] = child.Id, ["childStatus"] = result.Status.ToName() });
        }, cancellationToken);
        return await NotifyParentAsync(parent, parentResult, cancellationToken);
    }

    private async Task<RunResult> StartChildAsync(string definitionName, JsonObject inputs, string childId, string parentId, CancellationToken cancellationToken)
    {
        EnterCall(definitionName);
        var definition = ResolveChild(definitionName);
        try
        {
            return await StartCoreAsync(definition, inputs.ToDictionary(p => p.Key, p => p.Value), childId, parentId, cancellationToken);
        }
        catch (InputException ex)
        {
            throw new StepFailedException($"Call '{definitionName}': {ex.Message}", ex) { Retryable = false };
        }
    }

    private async Task<RunResult> DryRunChildAsync(string definitionName, JsonObject inputs, bool afterPlannedChanges, CancellationToken cancellationToken)
    {
        EnterCall(definitionName);
        var definition = ResolveChild(definitionName);
        try
        {
            return await DryRunAsync(definition, inputs.ToDictionary(p => p.Key, p => p.Value), afterPlannedChanges, cancellationToken);
        }
        catch (InputException ex)
        {
            throw new StepFailedException($"Call '{definitionName}': {ex.Message}", ex) { Retryable = false };
        }
    }

    /// <summary>
    /// Counts one more Call level for the rest of the calling async method (an async method's
    /// AsyncLocal changes do not flow back to its caller), refusing past <see cref="MaxCallDepth"/>.
    /// </summary>
    private static void EnterCall(string definitionName)
    {
        var current = Chain.Value;
        var depth = (current?.Depth ?? 0) + 1;
        if (depth > MaxCallDepth)
        {
            throw new StepFailedException($"Call '{definitionName}': Calls nest more than {MaxCallDepth} deep; does a definition call itself, directly or through others, with nothing to stop it?") { Retryable = false };
        }

        // The count is shared by every Call below the outermost one, siblings and parallel branches included.
        var started = current?.Started ?? new StrongBox<int>(0);
        if (Interlocked.Increment(ref started.Value) > MaxCallsBelowOneCall)
        {
            throw new StepFailedException($"Call '{definitionName}': more than {MaxCallsBelowOneCall} Calls below one Call; does a definition call itself, directly or through others, in a loop?") { Retryable = false };
        }

        Chain.Value = new CallChain(depth, started);
    }

    private sealed record CallChain(int Depth, StrongBox<int> Started);

    private WorkflowDefinition ResolveChild(string definitionName)
    {
        if (definitions is null)
        {
            throw new StepFailedException($"Call '{definitionName}': this engine was set up without a way to find definitions by name.") { Retryable = false };
        }

        var resolved = definitions.Resolve(definitionName);
        return resolved.Definition ?? throw new StepFailedException($"Call '{definitionName}': {string.Join("; ", resolved.Errors)}") { Retryable = false };
    }

    private async Task<RunResult> ContinueChildAsync(InstanceRecord child, CancellationToken cancellationToken) => child.Status switch
    {
        InstanceStatus.Running => await ResumeCoreAsync(child, cancellationToken),
        InstanceStatus.Faulted => await RetryCoreAsync(child, cancellationToken),
        InstanceStatus.Suspended => new RunResult(child.Id, InstanceStatus.Suspended, string.Join("; ", (await services.Journal.GetBookmarksAsync(child.Id, cancellationToken)).Select(b => $"{b.ActivityId}: {b.Message}")), null),
        _ => new RunResult(child.Id, child.Status, null, child.OutputJson is null ? null : JsonNode.Parse(child.OutputJson) as JsonObject),
    };

    private ExecutionState NewInstanceState(WorkflowDefinition definition, IReadOnlyDictionary<string, JsonNode?> inputs)
    {
        var bound = InputBinder.Bind(definition, inputs);
        var state = new ExecutionState
        {
            Inputs = bound,
            Variables = new JsonObject(definition.Variables.Select(v => KeyValuePair.Create(v.Key, v.Value?.DeepClone()))),
            Deadline = definition.Timeout is { } timeout ? services.Time.GetUtcNow() + timeout : null,
        };
        var rootFrame = new ActivityFrame { Id = "f0", ActivityId = definition.Root.Id, Status = FrameStatus.Scheduled };
        state.Frames[rootFrame.Id] = rootFrame;
        state.Queue.Add(new WorkItem(rootFrame.Id, WorkItemKind.Execute));
        return state;
    }

    /// <summary>
    /// A runner that died (a crash, a kill, a reboot without one) may have left a command running,
    /// an rsync half way through a copy: stop it before the in-flight step is observed again, so
    /// the two never write at once. Only the previous owner's commands on this host are touched.
    /// </summary>
    private async Task StopLeftoversAsync(InstanceRecord record, InstanceRun run, CancellationToken cancellationToken)
    {
        if (record.Lease?.Owner is not { } previous || previous.RunnerId == owner.RunnerId || previous.Host != owner.Host)
        {
            return;
        }

        var stopped = await services.Commands.StopLeftoversAsync(previous.RunnerId, cancellationToken);
        if (stopped.Count > 0)
        {
            run.AddEntry(null, null, JournalEvents.Log, new JsonObject
            {
                ["level"] = "warning",
                ["message"] = $"stopped {stopped.Count} command(s) that {previous.Describe()} had started and left running: {string.Join("; ", stopped)}",
            });
        }
    }

    private async Task<RunResult> TakeOverAndRunAsync(InstanceRecord record, Action<InstanceRun, ExecutionState, bool> prepare, CancellationToken cancellationToken)
    {
        var lease = await services.Journal.TryAcquireLeaseAsync(record.Id, owner, services.Options.LeaseDuration, services.Liveness, cancellationToken);
        if (!lease.Acquired)
        {
            return lease.HeldBy is { } holder
                ? new RunResult(record.Id, record.Status, $"instance {record.Id} is being run by {holder.Owner.Describe()}; its lease runs until {holder.ExpiresAt:u}", null, holder)
                : throw new EngineException($"No instance '{record.Id}' in the journal.");
        }

        // Re-read under the lease: the instance may have moved on while we asked for it.
        var current = await services.Journal.FindInstanceAsync(record.Id, cancellationToken) ?? record;
        if (current.Status != record.Status)
        {
            await services.Journal.ReleaseLeaseAsync(record.Id, owner, CancellationToken.None);
            throw new EngineException($"Instance {record.Id} became {current.Status.ToName()} meanwhile; nothing was done.");
        }

        // Whatever cannot be read back (the pinned definition, a kept value) leaves the instance free.
        WorkflowDefinition definition;
        ExecutionState state;
        try
        {
            definition = await LoadPinnedAsync(current, cancellationToken);
            state = ExecutionState.Of(current);
            await KeptValues.LoadAsync(services.Journal, current.Id, state, cancellationToken);
        }
        catch
        {
            await services.Journal.ReleaseLeaseAsync(record.Id, owner, CancellationToken.None);
            throw;
        }

        var run = new InstanceRun(services, current.Id, definition, state, owner, dryRun: false);
        prepare(run, state, lease.TookOverFromDeadOwner);
        await StopLeftoversAsync(record, run, cancellationToken);

        // Steps whose start was committed but not their completion were in flight when the last
        // runner stopped: they are observed again before anything is applied.
        foreach (var frame in state.Frames.Values.Where(f => f.Status == FrameStatus.InFlight).OrderByDescending(f => f.Id, StringComparer.Ordinal))
        {
            state.Queue.Insert(0, new WorkItem(frame.Id, WorkItemKind.Execute) { Recovering = true });
        }

        if (definition.Timeout is { } timeout && current.Status == InstanceStatus.Faulted)
        {
            state.Deadline = services.Time.GetUtcNow() + timeout;
        }

        await run.CommitRunningAsync();
        services.Observer.InstanceStarted(current.Id, definition, resumed: true);
        return await run.RunAsync(cancellationToken);
    }

    /// <summary>Hands Call steps the engine's child operations without making them public API of the engine.</summary>
    private sealed class ChildWorkflowHost(WorkflowEngine engine) : IChildWorkflows
    {
        public Task<InstanceRecord?> FindAsync(string childId, CancellationToken cancellationToken) =>
            engine.services.Journal.FindInstanceAsync(childId, cancellationToken);

        public Task<RunResult> StartAsync(string definitionName, JsonObject inputs, string childId, string parentId, CancellationToken cancellationToken) =>
            engine.StartChildAsync(definitionName, inputs, childId, parentId, cancellationToken);

        public Task<RunResult> DryRunAsync(string definitionName, JsonObject inputs, bool afterPlannedChanges, CancellationToken cancellationToken) =>
            engine.DryRunChildAsync(definitionName, inputs, afterPlannedChanges, cancellationToken);

        public Task<RunResult> ContinueAsync(InstanceRecord child, CancellationToken cancellationToken) =>
            engine.ContinueChildAsync(child, cancellationToken);
    }
}
