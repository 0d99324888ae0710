using System.Diagnostics;
using System.Globalization;
using Messier.Workflows.Journal;
using Messier.Workflows.Leases;

namespace Messier.Cli.FaultInjection;

/// <summary>
/// A fault-injection seam for the crash tests: with <c>MESSIER_TEST_CRASH_AFTER_WRITES=N</c> set,
/// the process kills itself with SIGKILL right after the Nth journal write (instance creation, a
/// commit, or a command record) has been made durable, the exact boundaries where a real crash
/// is most dangerous. Without the variable this type is never constructed.
/// </summary>
internal sealed class CrashAfterWritesJournal : IWorkflowJournal, IAsyncDisposable
{
    public const string EnvironmentVariable = "MESSIER_TEST_CRASH_AFTER_WRITES";

    private readonly IWorkflowJournal inner;
    private readonly int crashAfter;
    private int writes;

    private CrashAfterWritesJournal(IWorkflowJournal inner, int crashAfter)
    {
        this.inner = inner;
        this.crashAfter = crashAfter;
    }

    /// <summary>Wraps the journal when the variable asks for it; otherwise returns it as it is.</summary>
    public static IWorkflowJournal WrapIfRequested(IWorkflowJournal journal) =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } text
        && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? new CrashAfterWritesJournal(journal, n)
            : journal;

    public async Task CreateInstanceAsync(NewInstance instance, LeaseOwner owner, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        await inner.CreateInstanceAsync(instance, owner, leaseDuration, cancellationToken);
        CountWrite();
    }

    public async Task CommitAsync(InstanceCommit commit, LeaseOwner owner, CancellationToken cancellationToken)
    {
        await inner.CommitAsync(commit, owner, cancellationToken);
        CountWrite();
    }

    public async Task RecordCommandAsync(string instanceId, CommandRecord command, CancellationToken cancellationToken)
    {
        await inner.RecordCommandAsync(instanceId, command, cancellationToken);
        CountWrite();
    }

    public Task<InstanceRecord?> FindInstanceAsync(string id, CancellationToken cancellationToken) => inner.FindInstanceAsync(id, cancellationToken);

    public Task<IReadOnlyList<InstanceRecord>> FindInstancesByPrefixAsync(string idPrefix, int limit, CancellationToken cancellationToken) => inner.FindInstancesByPrefixAsync(idPrefix, limit, cancellationToken);

    public Task<PinnedDefinition?> FindDefinitionAsync(string hash, CancellationToken cancellationToken) => inner.FindDefinitionAsync(hash, cancellationToken);

    public Task<IReadOnlyList<InstanceRecord>> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken) => inner.ListInstancesAsync(query, cancellationToken);

    public Task<IReadOnlyDictionary<InstanceStatus, int>> CountByStatusAsync(CancellationToken cancellationToken) => inner.CountByStatusAsync(cancellationToken);

    public Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken) => inner.GetJournalAsync(instanceId, cancellationToken);

    public Task<IReadOnlyList<CommandRecord>> GetCommandsAsync(string instanceId, CancellationToken cancellationToken) => inner.GetCommandsAsync(instanceId, cancellationToken);

    public Task<IReadOnlyList<BookmarkRecord>> GetBookmarksAsync(string instanceId, CancellationToken cancellationToken) => inner.GetBookmarksAsync(instanceId, cancellationToken);

    public Task<IReadOnlyList<IncidentRecord>> GetIncidentsAsync(string instanceId, CancellationToken cancellationToken) => inner.GetIncidentsAsync(instanceId, cancellationToken);

    public Task<LeaseResult> TryAcquireLeaseAsync(string instanceId, LeaseOwner owner, TimeSpan duration, IOwnerLiveness liveness, CancellationToken cancellationToken) =>
        inner.TryAcquireLeaseAsync(instanceId, owner, duration, liveness, cancellationToken);

    public Task<LeaseRenewal> RenewLeaseAsync(string instanceId, LeaseOwner owner, TimeSpan duration, CancellationToken cancellationToken) =>
        inner.RenewLeaseAsync(instanceId, owner, duration, cancellationToken);

    public Task ReleaseLeaseAsync(string instanceId, LeaseOwner owner, CancellationToken cancellationToken) => inner.ReleaseLeaseAsync(instanceId, owner, cancellationToken);

    public Task RequestCancelAsync(string instanceId, CancellationToken cancellationToken) => inner.RequestCancelAsync(instanceId, cancellationToken);

    public ValueTask DisposeAsync() => inner is IAsyncDisposable disposable ? disposable.DisposeAsync() : ValueTask.CompletedTask;

    private void CountWrite()
    {
        if (Interlocked.Increment(ref writes) == crashAfter)
        {
            Console.Out.Flush();
            using var self = Process.GetCurrentProcess();
            self.Kill();
        }
    }
}
