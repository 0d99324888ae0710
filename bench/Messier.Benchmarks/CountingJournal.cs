using Messier.Workflows.Journal;
using Messier.Workflows.Leases;

namespace Messier.Benchmarks;

/// <summary>
/// Passes everything to a real journal and counts what a run writes: the write transactions and the
/// bytes of state and journal rows. The durable benchmark uses one calibration run through it so that
/// its raw-SQLite baseline makes exactly as many commits, of the same sizes, as the engine does.
/// </summary>
public sealed class CountingJournal(IWorkflowJournal inner) : IWorkflowJournal
{
    /// <summary>Transactions that wrote to the file (instance creation, commits, command rows, lease writes).</summary>
    public int Writes { get; private set; }

    public int Commits { get; private set; }

    public long StateBytes { get; private set; }

    public int EntryRows { get; private set; }

    public long EntryBytes { get; private set; }

    public async Task CreateInstanceAsync(NewInstance instance, LeaseOwner owner, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        await inner.CreateInstanceAsync(instance, owner, leaseDuration, cancellationToken);
        Writes++;
        StateBytes += instance.StateJson.Length;
        Count(instance.Entries);
    }

    /// <summary>Wall time spent inside the inner journal's <see cref="CommitAsync"/>.</summary>
    public TimeSpan CommitTime { get; private set; }

    public async Task CommitAsync(InstanceCommit commit, LeaseOwner owner, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await inner.CommitAsync(commit, owner, cancellationToken);
        CommitTime += System.Diagnostics.Stopwatch.GetElapsedTime(started);
        Writes++;
        Commits++;
        StateBytes += commit.StateJson.Length;
        Count(commit.Entries);
    }

    public async Task RecordCommandAsync(string instanceId, CommandRecord command, CancellationToken cancellationToken)
    {
        await inner.RecordCommandAsync(instanceId, command, cancellationToken);
        Writes++;
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

    public async Task<LeaseResult> TryAcquireLeaseAsync(string instanceId, LeaseOwner owner, TimeSpan duration, IOwnerLiveness liveness, CancellationToken cancellationToken)
    {
        var result = await inner.TryAcquireLeaseAsync(instanceId, owner, duration, liveness, cancellationToken);
        Writes++;
        return result;
    }

    public async Task<LeaseRenewal> RenewLeaseAsync(string instanceId, LeaseOwner owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        var renewal = await inner.RenewLeaseAsync(instanceId, owner, duration, cancellationToken);
        Writes++;
        return renewal;
    }

    public async Task ReleaseLeaseAsync(string instanceId, LeaseOwner owner, CancellationToken cancellationToken)
    {
        await inner.ReleaseLeaseAsync(instanceId, owner, cancellationToken);
        Writes++;
    }

    public async Task RequestCancelAsync(string instanceId, CancellationToken cancellationToken)
    {
        await inner.RequestCancelAsync(instanceId, cancellationToken);
        Writes++;
    }

    private void Count(IReadOnlyList<JournalEntry> entries)
    {
        EntryRows += entries.Count;
        foreach (var entry in entries)
        {
            EntryBytes += entry.DataJson?.Length ?? 0;
        }
    }
}
