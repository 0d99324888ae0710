using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Messier.Workflows.Activities;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Commands;
using Messier.Workflows.Definitions;
using Messier.Workflows.Expressions;
using Messier.Workflows.Journal;
using Messier.Workflows.Leases;

namespace Messier.Workflows.Runtime;

/// <summary>
/// One runner's pass over one instance, from a committed position to the next stop (finished,
/// suspended, faulted, cancelled, or interrupted by the caller). The state is mutated on one thread
/// only; steps run as tasks and hand their results back to it. Write-ahead: a step's start and
/// resolved inputs are committed before it runs, its outcome and the new position after it, in
/// one transaction each; containers and instant activities only ride along with those commits.
/// </summary>
internal sealed class InstanceRun : IFrameHost
{
    private readonly EngineServices services;
    private readonly WorkflowDefinition definition;
    private readonly ExecutionState state;
    private readonly LeaseOwner owner;
    private readonly List<JournalEntry> pendingEntries = [];
    private readonly List<BookmarkRecord> pendingBookmarks = [];
    private readonly List<string> pendingBookmarkRemovals = [];
    private readonly Dictionary<Task<StepOutcome>, string> running = [];
    private bool resolveIncidents;
    private (ActivityNode? Node, string Message)? fault;
    private bool finishRequested;

    /// <summary>Steps a dry run found it would apply; once there is one, later checks may fail only because it was not applied.</summary>
    private int plannedSteps;

    public InstanceRun(EngineServices services, string instanceId, WorkflowDefinition definition, ExecutionState state, LeaseOwner owner, bool dryRun)
    {
        this.services = services;
        this.definition = definition;
        this.state = state;
        this.owner = owner;
        InstanceId = instanceId;
        DryRun = dryRun;
    }

    public string InstanceId { get; }

    public bool DryRun { get; }

    /// <summary>A dry run of a child whose caller already planned changes: its checks may fail for want of them.</summary>
    public bool AfterPlannedChanges
    {
        get => plannedSteps > 0;
        init => plannedSteps = value ? 1 : 0;
    }

    /// <summary>Adds a journal row; it is written with the next commit.</summary>
    public void AddEntry(string? activityId, string? activityType, string @event, JsonNode? data = null) =>
        pendingEntries.Add(new JournalEntry(state.NextSequence++, activityId, activityType, @event, services.Time.GetUtcNow(), data?.ToJsonString()));

    public void RemoveBookmarkOnCommit(string bookmarkId) => pendingBookmarkRemovals.Add(bookmarkId);

    public void ResolveIncidentsOnCommit() => resolveIncidents = true;

    /// <summary>Makes a resume, approval or retry durable before anything runs.</summary>
    public Task CommitRunningAsync() => CommitAsync(InstanceStatus.Running, clearCancelRequest: true);

    /// <summary>Cancels an instance nobody runs: recorded, bookmarks dropped, lease released.</summary>
    public async Task<RunResult> CancelNowAsync()
    {
        AddEntry(null, null, JournalEvents.InstanceCancelled, new JsonObject { ["by"] = owner.Describe() });
        await CommitAsync(InstanceStatus.Cancelled, clearCancelRequest: true, removeAllBookmarks: true);
        return await EndAsync(InstanceStatus.Cancelled, "cancelled", null);
    }

    public async Task<RunResult> RunAsync(CancellationToken cancellationToken)
    {
        using var cancelRequested = new CancellationTokenSource();
        using var leaseLost = new CancellationTokenSource();
        using var deadline = new CancellationTokenSource();
        if (state.Deadline is { } due)
        {
            var remaining = due - services.Time.GetUtcNow();
            deadline.CancelAfter(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, cancelRequested.Token, leaseLost.Token, deadline.Token);
        using var stopHeartbeat = new CancellationTokenSource();
        var heartbeat = DryRun ? Task.CompletedTask : HeartbeatAsync(cancelRequested, leaseLost, stopHeartbeat.Token);
        try
        {
            return await LoopAsync(linked.Token);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            await DrainAsync();
            if (leaseLost.IsCancellationRequested)
            {
                throw new LeaseLostException($"Instance {InstanceId} was taken over by another runner; this runner stopped without writing more.");
            }

            if (cancelRequested.IsCancellationRequested)
            {
                AddEntry(null, null, JournalEvents.InstanceCancelled, new JsonObject { ["reason"] = "cancel requested" });
                await CommitAsync(InstanceStatus.Cancelled, clearCancelRequest: true, removeAllBookmarks: true);
                return await EndAsync(InstanceStatus.Cancelled, "cancelled on request", null);
            }

            if (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                var message = $"The workflow did not finish within its timeout of {definition.Timeout!.Value.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.";
                return await FaultInstanceAsync(null, message);
            }

            // The caller stopped us (Ctrl+C, shutdown): leave the instance running in the journal,
            // release the lease, and let `messier resume` continue from the last commit.
            await ReleaseLeaseAsync();
            services.Observer.InstanceEnded(InstanceId, InstanceStatus.Interrupted, "stopped before finishing; resume it with 'messier resume'");
            return new RunResult(InstanceId, InstanceStatus.Interrupted, "stopped before finishing", null);
        }
        finally
        {
            await stopHeartbeat.CancelAsync();
            await heartbeat;
        }
    }

    private async Task<RunResult> LoopAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await ProcessQueueAsync(cancellationToken);
            if (running.Count == 0)
            {
                break;
            }

            var finished = await Task.WhenAny(running.Keys);
            await CompleteStepAsync(finished, cancellationToken);
        }

        if (fault is { } failure)
        {
            return await FaultInstanceAsync(failure.Node, failure.Message);
        }

        if (state.RootCompleted || finishRequested)
        {
            return await FinishInstanceAsync();
        }

        var waiting = state.Frames.Values.Where(f => f.Status == FrameStatus.Suspended).ToList();
        if (waiting.Count > 0)
        {
            AddEntry(null, null, JournalEvents.InstanceSuspended, new JsonObject { ["waiting"] = new JsonArray(waiting.Select(f => (JsonNode)f.ActivityId).ToArray()) });
            await CommitAsync(InstanceStatus.Suspended);
            var bookmarks = await services.Journal.GetBookmarksAsync(InstanceId, CancellationToken.None);
            var message = string.Join("; ", bookmarks.Select(b => $"{b.ActivityId}: {b.Message}"));
            return await EndAsync(InstanceStatus.Suspended, message, null);
        }

        return await FaultInstanceAsync(null, "The interpreter ran out of work before the workflow completed (an engine bug); the position is kept for inspection.");
    }

    private async Task ProcessQueueAsync(CancellationToken cancellationToken)
    {
        while (state.Queue.Count > 0 && fault is null && !finishRequested)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var item = state.Queue[0];
            state.Queue.RemoveAt(0);
            if (!state.Frames.TryGetValue(item.FrameId, out var frame))
            {
                continue;
            }

            var node = definition.GetNode(frame.ActivityId);
            var activity = services.Registry.Get(node.Type);
            try
            {
                switch (activity, item.Kind)
                {
                    case (ICompositeActivity composite, WorkItemKind.Execute):
                        frame.Status = FrameStatus.Running;
                        var startContext = new CompositeContext(this, frame, node);
                        composite.Execute(startContext);
                        AfterComposite(startContext, frame, node);
                        break;
                    case (ICompositeActivity composite, WorkItemKind.ChildCompleted):
                        var childContext = new CompositeContext(this, frame, node);
                        composite.OnChildCompleted(childContext, new ChildCompletion(item.ChildActivityId!, item.ChildOutcome!, item.ChildTag));
                        AfterComposite(childContext, frame, node);
                        break;
                    case (IResumableActivity resumable, WorkItemKind.Resume):
                        frame.Status = FrameStatus.Running;
                        AfterInstant(resumable.Resume(InstantContextFor(frame, node), item.Payload), frame, node);
                        break;
                    case (IInstantActivity instant, WorkItemKind.Execute):
                        AfterInstant(instant.Execute(InstantContextFor(frame, node)), frame, node);
                        break;
                    case (IStepActivity, WorkItemKind.Execute):
                        await StartStepAsync(frame, node, item.Recovering, cancellationToken);
                        break;
                    case (IStepActivity, WorkItemKind.Resume):
                        // A step that waited (a Call on its child) is observed again, then applied if needed.
                        await StartStepAsync(frame, node, recovering: true, cancellationToken);
                        break;
                    default:
                        Fault(frame, node, $"Activity {node} cannot handle {item.Kind} (an engine bug).");
                        break;
                }
            }
            catch (Exception ex) when (ex is ExpressionException or StepFailedException)
            {
                Fault(frame, node, ex.Message);
            }
        }
    }

    private InstantContext InstantContextFor(ActivityFrame frame, ActivityNode node) =>
        new(this, frame, node, new PropertyValues(ResolveProperties(frame, node), node.Id));

    private void AfterComposite(CompositeContext context, ActivityFrame frame, ActivityNode node)
    {
        if (context.FaultMessage is { } message)
        {
            Fault(frame, node, message);
        }
        else if (context.CompletedOutcome is { } outcome)
        {
            CompleteFrame(frame, node, outcome, null);
        }
    }

    private void AfterInstant(InstantResult result, ActivityFrame frame, ActivityNode node)
    {
        switch (result.Kind)
        {
            case InstantResultKind.Complete:
                CompleteFrame(frame, node, result.Outcome, result.Outputs);
                break;
            case InstantResultKind.Fault:
                Fault(frame, node, result.Message ?? $"{node} failed.");
                break;
            case InstantResultKind.Finish:
                state.FinishOutputs = result.Outputs is null ? null : (JsonObject)result.Outputs.DeepClone();
                AddEntry(node.Id, node.Type, JournalEvents.Completed, new JsonObject { ["outcome"] = "Finish" });
                state.Frames.Remove(frame.Id);
                finishRequested = true;
                break;
            case InstantResultKind.Suspend:
                Suspend(frame, node, result.BookmarkName!, result.Message);
                break;
        }
    }

    private void Suspend(ActivityFrame frame, ActivityNode node, string bookmarkName, string? message)
    {
        var bookmark = new BookmarkRecord($"{InstanceId}.{frame.Id}", node.Id, frame.Id, bookmarkName, message, services.Time.GetUtcNow());
        frame.Status = FrameStatus.Suspended;
        frame.BookmarkId = bookmark.Id;
        pendingBookmarks.Add(bookmark);
        AddEntry(node.Id, node.Type, JournalEvents.Suspended, new JsonObject { ["bookmark"] = bookmark.Id, ["name"] = bookmarkName, ["message"] = message });
    }

    private async Task StartStepAsync(ActivityFrame frame, ActivityNode node, bool recovering, CancellationToken cancellationToken)
    {
        if (frame.ResolvedInputs is null || !recovering)
        {
            frame.ResolvedInputs = ResolveProperties(frame, node);
        }

        frame.Status = FrameStatus.InFlight;
        frame.Attempt = Math.Max(frame.Attempt, 1);
        AddEntry(node.Id, node.Type, recovering ? JournalEvents.Recovered : JournalEvents.Started, new JsonObject
        {
            ["inputs"] = frame.ResolvedInputs.DeepClone(),
            ["attempt"] = frame.Attempt,
        });
        await CommitAsync(InstanceStatus.Running);

        var scope = DescribeScope(frame);
        services.Observer.StepStarting(InstanceId, node, scope, frame.Attempt, recovering);
        var inputs = (JsonObject)frame.ResolvedInputs.DeepClone();
        var step = (IStepActivity)services.Registry.Get(node.Type);
        var frameId = frame.Id;
        running.Add(Task.Run(() => RunStepAsync(step, node, frameId, scope, inputs, frame.Attempt, recovering, cancellationToken), CancellationToken.None), frame.Id);
    }

    /// <summary>Runs off the interpreter's thread: observe, then apply, with the node's retry policy.</summary>
    private async Task<StepOutcome> RunStepAsync(IStepActivity step, ActivityNode node, string frameId, string? scope, JsonObject inputs, int firstAttempt, bool recovering, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        var stopwatch = Stopwatch.StartNew();
        for (var attempt = firstAttempt; ; attempt++)
        {
            var context = new StepContext(
                InstanceId,
                node,
                new PropertyValues(inputs, node.Id),
                attempt,
                recovering,
                DryRun,
                (request, token) => RunCommandAsync(node, request, token),
                message => services.Observer.Progress(InstanceId, node, message),
                services.Children,
                frameId)
            {
                AfterPlannedChanges = DryRun && Volatile.Read(ref plannedSteps) > 0,
            };
            try
            {
                var observation = await step.ObserveAsync(context, cancellationToken);
                if (observation.IsDone)
                {
                    return new StepOutcome(StepOutcomeKind.ObservedDone, ActivityDescriptor.Done, observation.Outputs ?? [], observation.Plan, failures, attempt, stopwatch.Elapsed);
                }

                if (DryRun)
                {
                    // Counted before a Call's child walks its own plan, so the child knows changes come first.
                    Interlocked.Increment(ref plannedSteps);
                    var planned = step is IDryRunStep walker ? (await walker.DryRunAsync(context, cancellationToken)).Outputs : [];
                    return new StepOutcome(StepOutcomeKind.Planned, ActivityDescriptor.Done, planned, observation.Plan, failures, attempt, stopwatch.Elapsed);
                }

                var result = await step.ApplyAsync(context, cancellationToken);
                return result.SuspendOn is { } bookmarkName
                    ? new StepOutcome(StepOutcomeKind.Suspended, bookmarkName, [], result.SuspendMessage ?? string.Empty, failures, attempt, stopwatch.Elapsed)
                    : new StepOutcome(StepOutcomeKind.Applied, result.Outcome, result.Outputs, observation.Plan, failures, attempt, stopwatch.Elapsed);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                var message = ex is StepFailedException or ExpressionException or CommandStartException
                    ? ex.Message
                    : $"{ex.GetType().Name}: {ex.Message}";
                if (DryRun && Volatile.Read(ref plannedSteps) > 0 && ex is StepFailedException)
                {
                    Interlocked.Increment(ref plannedSteps);
                    // A check after a change the dry run only planned (a verify after a copy) fails
                    // because the change is not there; that is the plan, not a fault.
                    return new StepOutcome(StepOutcomeKind.Planned, ActivityDescriptor.Done, [], $"run after the planned changes (observing now, before them: {message})", failures, attempt, stopwatch.Elapsed);
                }

                var retryable = ex is not StepFailedException { Retryable: false } && ex is not ExpressionException;
                var willRetry = retryable && attempt < node.Retry.Attempts;
                services.Observer.StepFailed(InstanceId, node, scope, message, willRetry);
                failures.Add(message);
                if (!willRetry)
                {
                    return new StepOutcome(StepOutcomeKind.Failed, ActivityDescriptor.Done, [], message, failures, attempt, stopwatch.Elapsed);
                }

                await Task.Delay(node.Retry.DelayBefore(attempt + 1), services.Time, cancellationToken);
            }
        }
    }

    private async Task<CommandResult> RunCommandAsync(ActivityNode node, CommandRequest request, CancellationToken cancellationToken)
    {
        CommandResult result;
        try
        {
            // Marked with this runner, so a runner taking over after a crash can stop what it left running.
            var marked = request.OutlivesStep
                ? request
                : request with { Environment = new Dictionary<string, string?>(request.Environment) { [ICommandRunner.RunnerVariable] = owner.RunnerId } };
            result = await services.Commands.RunAsync(marked, cancellationToken);
        }
        catch (CommandStartException ex)
        {
            await RecordCommandAsync(node, new CommandRecord(node.Id, request.Argv, null, 0, services.Time.GetUtcNow(), ex.Message));
            throw;
        }

        await RecordCommandAsync(node, new CommandRecord(node.Id, result.Argv, result.ExitCode, (long)result.Duration.TotalMilliseconds, result.StartedAt, result.OutputTail()));
        return result;
    }

    private Task RecordCommandAsync(ActivityNode node, CommandRecord record) =>
        DryRun ? Task.CompletedTask : services.Journal.RecordCommandAsync(InstanceId, record, CancellationToken.None);

    private async Task CompleteStepAsync(Task<StepOutcome> task, CancellationToken cancellationToken)
    {
        var frameId = running[task];
        running.Remove(task);
        var outcome = await task;
        var frame = state.Frames[frameId];
        var node = definition.GetNode(frame.ActivityId);
        for (var i = 0; i < outcome.Failures.Count; i++)
        {
            AddEntry(node.Id, node.Type, JournalEvents.AttemptFailed, new JsonObject { ["attempt"] = outcome.LastAttempt - outcome.Failures.Count + 1 + i, ["error"] = outcome.Failures[i] });
        }

        frame.Attempt = outcome.LastAttempt;
        switch (outcome.Kind)
        {
            case StepOutcomeKind.Failed:
                if (!Fault(frame, node, outcome.Detail))
                {
                    // The instance faults; FaultInstanceAsync commits.
                    return;
                }

                break;
            case StepOutcomeKind.Suspended when UnwindingBoundaryOf(frame) is { } boundary:
                // Its branch was abandoned by a fault while it ran: nothing is waiting for it any more.
                AddEntry(node.Id, node.Type, JournalEvents.Completed, new JsonObject { ["outcome"] = outcome.Outcome, ["abandoned"] = true });
                state.Frames.Remove(frame.Id);
                FinishUnwindingIfIdle(boundary);
                break;
            case StepOutcomeKind.Suspended:
                Suspend(frame, node, outcome.Outcome, outcome.Detail);
                break;
            case StepOutcomeKind.ObservedDone:
                AddEntry(node.Id, node.Type, JournalEvents.ObservedDone, new JsonObject { ["detail"] = outcome.Detail, ["outputs"] = outcome.Outputs.DeepClone() });
                services.Observer.StepObservedDone(InstanceId, node, DescribeScope(frame), outcome.Detail);
                CompleteFrame(frame, node, outcome.Outcome, outcome.Outputs, journal: false);
                break;
            case StepOutcomeKind.Planned:
                AddEntry(node.Id, node.Type, JournalEvents.Completed, new JsonObject { ["plan"] = outcome.Detail, ["dryRun"] = true });
                services.Observer.Planned(InstanceId, node, DescribeScope(frame), outcome.Detail);
                CompleteFrame(frame, node, outcome.Outcome, outcome.Outputs, journal: false);
                break;
            case StepOutcomeKind.Applied:
                AddEntry(node.Id, node.Type, JournalEvents.Completed, new JsonObject
                {
                    ["outcome"] = outcome.Outcome,
                    ["outputs"] = outcome.Outputs.DeepClone(),
                    ["durationMs"] = (long)outcome.Duration.TotalMilliseconds,
                });
                services.Observer.StepCompleted(InstanceId, node, DescribeScope(frame), outcome.Outcome, outcome.Duration);
                CompleteFrame(frame, node, outcome.Outcome, outcome.Outputs, journal: false);
                break;
        }

        cancellationToken.ThrowIfCancellationRequested();
        await CommitAsync(InstanceStatus.Running);
    }

    private void CompleteFrame(ActivityFrame frame, ActivityNode node, string outcome, JsonObject? outputs, bool journal = true)
    {
        if (outputs is not null)
        {
            state.Steps[node.Id] = outputs.DeepClone();
        }

        if (journal)
        {
            var data = new JsonObject { ["outcome"] = outcome };
            if (outputs is not null)
            {
                data["outputs"] = outputs.DeepClone();
            }

            AddEntry(node.Id, node.Type, JournalEvents.Completed, data);
        }

        state.Frames.Remove(frame.Id);
        if (frame.ParentId is null)
        {
            state.RootCompleted = true;
            return;
        }

        if (UnwindingBoundaryOf(frame) is { } boundary)
        {
            // A step of a branch a fault abandoned finished: it is recorded, and nothing follows it.
            FinishUnwindingIfIdle(boundary);
            return;
        }

        state.Queue.Add(new WorkItem(frame.ParentId, WorkItemKind.ChildCompleted) { ChildActivityId = node.Id, ChildOutcome = outcome, ChildTag = frame.Tag?.DeepClone() });
    }

    /// <summary>Records a fault; returns true when a Try took it over, false when the instance faults.</summary>
    private bool Fault(ActivityFrame frame, ActivityNode node, string message)
    {
        frame.Status = FrameStatus.Faulted;
        AddEntry(node.Id, node.Type, JournalEvents.Faulted, new JsonObject { ["error"] = message });
        if (UnwindingBoundaryOf(frame) is { } unwinding)
        {
            // A second fault in a branch already being abandoned: the first one is what the Try reports.
            state.Frames.Remove(frame.Id);
            FinishUnwindingIfIdle(unwinding);
            return true;
        }

        if (DryRun && plannedSteps > 0 && fault is null)
        {
            // What follows depends on changes a dry run does not make (an expression reading a
            // planned step's outputs, a branch on them): the plan ends here, and says why.
            Log(frame, node, "warning", $"the plan stops here: {message} (this depends on changes the dry run only planned)");
            finishRequested = true;
            return true;
        }

        if (CatchingBoundaryOf(frame) is { } boundary)
        {
            var boundaryNode = definition.GetNode(boundary.ActivityId);
            AddEntry(boundaryNode.Id, boundaryNode.Type, JournalEvents.Caught, new JsonObject { ["error"] = message, ["activity"] = node.Id });
            boundary.PendingError = new JsonObject { ["message"] = message, ["activity"] = node.Id };
            AbandonBranch(boundary);
            FinishUnwindingIfIdle(boundary);
            return true;
        }

        fault ??= (node, message);
        return false;
    }

    private ActivityFrame? CatchingBoundaryOf(ActivityFrame frame)
    {
        foreach (var ancestor in Ancestors(frame))
        {
            if (services.Registry.Get(definition.GetNode(ancestor.ActivityId).Type) is IFaultBoundary boundary && boundary.Catches(ancestor.State))
            {
                return ancestor;
            }
        }

        return null;
    }

    private ActivityFrame? UnwindingBoundaryOf(ActivityFrame frame) => Ancestors(frame).FirstOrDefault(a => a.PendingError is not null);

    private IEnumerable<ActivityFrame> Ancestors(ActivityFrame frame)
    {
        for (var current = frame.ParentId is null ? null : state.Frames.GetValueOrDefault(frame.ParentId); current is not null; current = current.ParentId is null ? null : state.Frames.GetValueOrDefault(current.ParentId))
        {
            yield return current;
        }
    }

    private bool IsBelow(ActivityFrame frame, ActivityFrame boundary) => Ancestors(frame).Any(a => a.Id == boundary.Id);

    /// <summary>Removes the boundary's branch, except steps still running: they are waited for, then dropped.</summary>
    private void AbandonBranch(ActivityFrame boundary)
    {
        // Running steps keep their ancestors up to the boundary, so their completion still finds it.
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in running.Values)
        {
            if (state.Frames.TryGetValue(id, out var step) && IsBelow(step, boundary))
            {
                keep.Add(id);
                keep.UnionWith(Ancestors(step).TakeWhile(a => a.Id != boundary.Id).Select(a => a.Id));
            }
        }

        foreach (var frame in state.Frames.Values.Where(f => IsBelow(f, boundary)).ToList())
        {
            if (keep.Contains(frame.Id))
            {
                continue;
            }

            if (frame.BookmarkId is { } bookmark)
            {
                RemoveBookmarkOnCommit(bookmark);
                pendingBookmarks.RemoveAll(b => b.Id == bookmark);
            }

            state.Frames.Remove(frame.Id);
        }
    }

    private void FinishUnwindingIfIdle(ActivityFrame boundary)
    {
        if (running.Values.Any(id => state.Frames.TryGetValue(id, out var frame) && IsBelow(frame, boundary)))
        {
            return;
        }

        AbandonBranch(boundary);
        var error = boundary.PendingError!;
        boundary.PendingError = null;
        var node = definition.GetNode(boundary.ActivityId);
        var context = new CompositeContext(this, boundary, node);
        ((IFaultBoundary)services.Registry.Get(node.Type)).Caught(context, error);
        AfterComposite(context, boundary, node);
    }

    /// <summary>Waits for steps still running (after a fault or a cancellation) so none is left half-reported.</summary>
    private async Task DrainAsync()
    {
        foreach (var task in running.Keys)
        {
            try
            {
                await task;
            }
            catch (OperationCanceledException)
            {
                // Its frame stays in flight in the journal; a resume observes it again.
            }
        }

        running.Clear();
    }

    private async Task<RunResult> FaultInstanceAsync(ActivityNode? node, string message)
    {
        await DrainAsync();
        AddEntry(node?.Id, node?.Type, JournalEvents.InstanceFaulted, new JsonObject { ["error"] = message });
        var incident = new IncidentRecord(node?.Id, node?.Type, message, null, services.Time.GetUtcNow(), null);
        await CommitAsync(InstanceStatus.Faulted, incident: incident);
        return await EndAsync(InstanceStatus.Faulted, message, null);
    }

    private async Task<RunResult> FinishInstanceAsync()
    {
        var outputs = new JsonObject();
        var scope = ScopeFor(null);
        foreach (var (name, raw) in definition.Outputs)
        {
            try
            {
                outputs[name] = services.Expressions.Resolve(raw, scope);
            }
            catch (ExpressionException ex)
            {
                if (DryRun)
                {
                    // A dry run's outputs read steps it only planned.
                    outputs[name] = null;
                    continue;
                }

                return await FaultInstanceAsync(null, $"Output '{name}': {ex.Message}");
            }
        }

        foreach (var (name, value) in state.FinishOutputs ?? [])
        {
            outputs[name] = value?.DeepClone();
        }

        state.Frames.Clear();
        state.Queue.Clear();
        AddEntry(null, null, JournalEvents.InstanceFinished, new JsonObject { ["outputs"] = outputs.DeepClone() });
        await CommitAsync(InstanceStatus.Finished, outputs: outputs, removeAllBookmarks: true);
        return await EndAsync(InstanceStatus.Finished, null, outputs);
    }

    private async Task<RunResult> EndAsync(InstanceStatus status, string? message, JsonObject? outputs)
    {
        await ReleaseLeaseAsync();
        services.Observer.InstanceEnded(InstanceId, status, message);
        return new RunResult(InstanceId, status, message, outputs);
    }

    private Task ReleaseLeaseAsync() =>
        DryRun ? Task.CompletedTask : services.Journal.ReleaseLeaseAsync(InstanceId, owner, CancellationToken.None);

    private async Task CommitAsync(InstanceStatus status, JsonObject? outputs = null, IncidentRecord? incident = null, bool clearCancelRequest = false, bool removeAllBookmarks = false)
    {
        var removals = pendingBookmarkRemovals.ToList();
        var additions = pendingBookmarks.ToList();
        if (removeAllBookmarks)
        {
            var existing = await services.Journal.GetBookmarksAsync(InstanceId, CancellationToken.None);
            removals.AddRange(existing.Select(b => b.Id));
            additions.Clear();
        }

        var commit = new InstanceCommit(InstanceId, status, state.Serialize(), pendingEntries.ToList())
        {
            OutputJson = outputs?.ToJsonString(),
            AddBookmarks = additions,
            RemoveBookmarks = removals.Distinct(StringComparer.Ordinal).ToList(),
            NewIncident = incident,
            ResolveIncidents = resolveIncidents,
            ClearCancelRequest = clearCancelRequest,
        };

        // A commit is never cancelled half way: the journal must hold all of it or none.
        await services.Journal.CommitAsync(commit, owner, CancellationToken.None);
        pendingEntries.Clear();
        pendingBookmarks.Clear();
        pendingBookmarkRemovals.Clear();
        resolveIncidents = false;
    }

    private async Task HeartbeatAsync(CancellationTokenSource cancelRequested, CancellationTokenSource leaseLost, CancellationToken stop)
    {
        var interval = services.Options.LeaseDuration / 3;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(interval, services.Time, stop);
                var renewal = await services.Journal.RenewLeaseAsync(InstanceId, owner, services.Options.LeaseDuration, stop);
                if (!renewal.StillOwned)
                {
                    await leaseLost.CancelAsync();
                    return;
                }

                if (renewal.CancelRequested)
                {
                    await cancelRequested.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run is over.
        }
    }

    private JsonObject ResolveProperties(ActivityFrame frame, ActivityNode node)
    {
        var descriptor = services.Registry.Get(node.Type).Descriptor;
        var resolved = new JsonObject();
        foreach (var property in descriptor.Properties.Where(p => p.Kind == PropertyKind.Value))
        {
            JsonNode? value;
            if (node.Properties.TryGetValue(property.Name, out var raw))
            {
                value = Resolve(frame, raw);
                if (value is not null && !property.Type.Matches(value))
                {
                    throw new StepFailedException($"{node}: '{property.Name}' must be of type {property.Type.ToName()}, but its expression gave {DataTypes.Describe(value)} {Truncate(value.ToJsonString())}.") { Retryable = false };
                }
            }
            else
            {
                value = property.Default?.DeepClone();
            }

            if (value is not null)
            {
                resolved[property.Name] = value;
            }
        }

        return resolved;
    }

    /// <summary>The loop variables a frame runs under, for progress lines: "i=2" or "service=nginx, index=0".</summary>
    private string? DescribeScope(ActivityFrame frame)
    {
        var parts = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var current = frame; current is not null; current = current.ParentId is null ? null : state.Frames.GetValueOrDefault(current.ParentId))
        {
            foreach (var (name, value) in current.Scope ?? [])
            {
                if (seen.Add(name) && value is JsonValue scalar)
                {
                    var text = scalar.GetValueKind() == System.Text.Json.JsonValueKind.String ? scalar.GetValue<string>() : scalar.ToJsonString();
                    parts.Add($"{name}={(text.Length <= 40 ? text : text[..37] + "...")}");
                }
            }
        }

        return parts.Count == 0 ? null : string.Join(", ", parts);
    }

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..77] + "...";

    public JsonNode? Resolve(ActivityFrame frame, JsonNode? value) => services.Expressions.Resolve(value, ScopeFor(frame));

    private ExpressionScope ScopeFor(ActivityFrame? frame)
    {
        var vars = (JsonObject)state.Variables.DeepClone();
        var chain = new List<JsonObject>();
        for (var current = frame; current is not null; current = current.ParentId is null ? null : state.Frames.GetValueOrDefault(current.ParentId))
        {
            if (current.Scope is not null)
            {
                chain.Add(current.Scope);
            }
        }

        for (var i = chain.Count - 1; i >= 0; i--)
        {
            foreach (var (name, value) in chain[i])
            {
                vars[name] = value?.DeepClone();
            }
        }

        return new ExpressionScope(state.Inputs, vars, state.Steps);
    }

    public string Schedule(ActivityFrame parent, ActivityNode child, JsonObject? scope, JsonNode? tag)
    {
        var id = "f" + state.NextFrameNumber++.ToString(CultureInfo.InvariantCulture);
        state.Frames[id] = new ActivityFrame { Id = id, ParentId = parent.Id, ActivityId = child.Id, Status = FrameStatus.Scheduled, Scope = scope, Tag = tag };
        state.Queue.Add(new WorkItem(id, WorkItemKind.Execute));
        return id;
    }

    public void SetVariable(ActivityFrame frame, string name, JsonNode? value)
    {
        for (var current = frame; current is not null; current = current.ParentId is null ? null : state.Frames.GetValueOrDefault(current.ParentId))
        {
            if (current.Scope is not null && current.Scope.ContainsKey(name))
            {
                current.Scope[name] = value;
                return;
            }
        }

        state.Variables[name] = value;
    }

    public void Keep(ActivityFrame frame, ActivityNode node, string name, JsonNode? value)
    {
        // The entry and the state naming it are written by the same commit: neither exists without the other.
        (frame.Kept ??= new(StringComparer.Ordinal))[name] = state.NextSequence;
        frame.KeptValues[name] = value;
        AddEntry(node.Id, node.Type, JournalEvents.ValueKept, new JsonObject { ["frame"] = frame.Id, ["name"] = name, ["value"] = value?.DeepClone() });
    }

    public void Log(ActivityFrame frame, ActivityNode node, string level, string message)
    {
        AddEntry(node.Id, node.Type, JournalEvents.Log, new JsonObject { ["level"] = level, ["message"] = message });
        services.Observer.Logged(InstanceId, node, level, message);
    }

    private enum StepOutcomeKind
    {
        Applied,
        ObservedDone,
        Planned,
        Failed,
        Suspended,
    }

    private sealed record StepOutcome(StepOutcomeKind Kind, string Outcome, JsonObject Outputs, string Detail, IReadOnlyList<string> Failures, int LastAttempt, TimeSpan Duration);
}
