using System.Collections.Concurrent;
using Messier.Workflows.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Messier.Studio.Runs;

/// <summary>
/// Runs that actions started in the Studio's process. Resume, retry and approve may run a flow for
/// hours, longer than any HTTP request should wait: the run goes on here, and the page follows it
/// through the journal like any other process's run. Stopping the Studio cancels them, which
/// leaves each instance resumable, as Ctrl+C does to <c>messier resume</c>.
/// </summary>
internal sealed partial class BackgroundRuns : IDisposable
{
    private readonly StudioServices services;
    private readonly ILogger<BackgroundRuns> logger;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<Task, string> running = new();

    public BackgroundRuns(StudioServices services, ILogger<BackgroundRuns> logger, IHostApplicationLifetime lifetime)
    {
        this.services = services;
        this.logger = logger;
        lifetime.ApplicationStopping.Register(StopAll);
    }

    /// <summary>Starts <paramref name="body"/> on a fresh engine and returns once it has begun or ended.</summary>
    /// <exception cref="EngineException">The action does not apply (thrown by the engine before it began).</exception>
    public async Task<ActionOutcome> StartAsync(string instanceId, string action, Func<WorkflowEngine, CancellationToken, Task<RunResult>> body)
    {
        var signal = new StartSignal(services.Observer);
        var engine = services.EngineFactory(signal);
        var run = Task.Run(() => body(engine, stopping.Token), CancellationToken.None);
        running[run] = instanceId;
        _ = run.ContinueWith(finished => Finished(finished, instanceId, action), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        await Task.WhenAny(run, signal.Started);
        if (run.IsCompleted)
        {
            var result = await run;
            return new ActionOutcome(signal.Started.IsCompleted, result);
        }

        return new ActionOutcome(true, null);
    }

    private void Finished(Task<RunResult> run, string instanceId, string action)
    {
        running.TryRemove(run, out _);
        if (run.IsCompletedSuccessfully)
        {
            LogRunEnded(action, instanceId, run.Result.Status, run.Result.Message);
        }
        else if (run.Exception?.GetBaseException() is { } error and not OperationCanceledException and not EngineException)
        {
            LogRunFailed(error, action, instanceId);
        }
    }

    private void StopAll()
    {
        stopping.Cancel();
        var pending = running.Keys.ToArray();
        if (pending.Length > 0)
        {
            // Each run commits what it finished and releases its lease on cancellation; give them that long.
            Task.WaitAny(Task.WhenAll(pending).ContinueWith(_ => { }, TaskScheduler.Default), Task.Delay(TimeSpan.FromSeconds(10)));
        }
    }

    public void Dispose() => stopping.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Studio {Action} of {InstanceId} ended {Status}: {Message}")]
    private partial void LogRunEnded(string action, string instanceId, Messier.Workflows.Journal.InstanceStatus status, string? message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Studio {Action} of {InstanceId} failed")]
    private partial void LogRunFailed(Exception error, string action, string instanceId);
}
