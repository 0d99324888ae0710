using Messier.Workflows.Journal;
using Messier.Workflows.Leases;

namespace Messier.Benchmarks;

/// <summary>
/// Passes everything to a real journal and counts what a run writes: the write transactions and the
/// bytes of state and journal rows. The durable benchmark uses one calibration run through it so that
/// its raw-SQLite baseline makes exactly as many commits, of the same sizes, as the engine does.
/// </summary>
public sealed class CountingJournal(IWorkflowJournal inner) : ForwardingWorkflowJournal(inner)
{
    /// <summary>Transactions that wrote to the file (instance creation, commits, command rows, lease writes).</summary>
    public int Writes { get; private set; }

    public int Commits { get; private set; }

    public long StateBytes { get; private set; }

    public int EntryRows { get; private set; }

    public long EntryBytes { get; private set; }

    public override async Task CreateInstanceAsync(NewInstance instance, LeaseOwner owner, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        await Inner.CreateInstanceAsync(instance, owner, leaseDuration, cancellationToken);
        Writes++;
        StateBytes += instance.StateJson.Length;
        Count(instance.Entries);
    }

    /// <summary>Wall time spent inside the inner journal's <see cref="CommitAsync"/>.</summary>
    public TimeSpan CommitTime { get; private set; }

    public override async Task CommitAsync(InstanceCommit commit, LeaseOwner owner, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await Inner.CommitAsync(commit, owner, cancellationToken);
        CommitTime += System.Diagnostics.Stopwatch.GetElapsedTime(started);
        Writes++;
        Commits++;
        StateBytes += commit.StateJson.Length;
        Count(commit.Entries);
    }

    public override async Task RecordCommandAsync(string instanceId, CommandRecord command, CancellationToken cancellationToken)
    {
        await Inner.RecordCommandAsync(instanceId, command, cancellationToken);
        Writes++;
    }

    public override async Task<LeaseResult> TryAcquireLeaseAsync(string instanceId, LeaseOwner owner, TimeSpan duration, IOwnerLiveness liveness, CancellationToken cancellationToken)
    {
        var result = await Inner.TryAcquireLeaseAsync(instanceId, owner, duration, liveness, cancellationToken);
        Writes++;
        return result;
    }

    public override async Task<LeaseRenewal> RenewLeaseAsync(string instanceId, LeaseOwner owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        var renewal = await Inner.RenewLeaseAsync(instanceId, owner, duration, cancellationToken);
        Writes++;
        return renewal;
    }

    public override async Task ReleaseLeaseAsync(string instanceId, LeaseOwner owner, CancellationToken cancellationToken)
    {
        await Inner.ReleaseLeaseAsync(instanceId, owner, cancellationToken);
        Writes++;
    }

    public override async Task RequestCancelAsync(string instanceId, CancellationToken cancellationToken)
    {
        await Inner.RequestCancelAsync(instanceId, cancellationToken);
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
