using Messier.Workflows.Leases;

namespace Messier.Workflows.Journal;

/// <summary>
/// The durable store behind the engine. Every method that writes is one transaction; a commit that
/// returned has been made durable (the SQLite store runs with synchronous=FULL).
/// </summary>
public interface IWorkflowJournal
{
    /// <summary>Creates the instance and its first journal rows, pinning the definition text.</summary>
    Task CreateInstanceAsync(NewInstance instance, LeaseOwner owner, TimeSpan leaseDuration, CancellationToken cancellationToken);

    /// <summary>Writes one <see cref="InstanceCommit"/> atomically, only while <paramref name="owner"/> holds the lease.</summary>
    /// <exception cref="LeaseLostException">Another runner took the instance over.</exception>
    Task CommitAsync(InstanceCommit commit, LeaseOwner owner, CancellationToken cancellationToken);

    /// <summary>Appends a command record in its own transaction, so a command is on record even if the step never completes.</summary>
    Task RecordCommandAsync(string instanceId, CommandRecord command, CancellationToken cancellationToken);

    Task<InstanceRecord?> FindInstanceAsync(string id, CancellationToken cancellationToken);

    /// <summary>Finds an instance by a unique id prefix, as operators type shortened ids.</summary>
    Task<IReadOnlyList<InstanceRecord>> FindInstancesByPrefixAsync(string idPrefix, int limit, CancellationToken cancellationToken);

    Task<PinnedDefinition?> FindDefinitionAsync(string hash, CancellationToken cancellationToken);

    Task<IReadOnlyList<InstanceRecord>> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken);

    /// <summary>Counts instances per stored status.</summary>
    Task<IReadOnlyDictionary<InstanceStatus, int>> CountByStatusAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken);

    Task<IReadOnlyList<CommandRecord>> GetCommandsAsync(string instanceId, CancellationToken cancellationToken);

    Task<IReadOnlyList<BookmarkRecord>> GetBookmarksAsync(string instanceId, CancellationToken cancellationToken);

    Task<IReadOnlyList<IncidentRecord>> GetIncidentsAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the instance's lease for <paramref name="owner"/> when it is free, expired, already
    /// ours, or held by an owner that <paramref name="liveness"/> proves dead.
    /// </summary>
    Task<LeaseResult> TryAcquireLeaseAsync(string instanceId, LeaseOwner owner, TimeSpan duration, IOwnerLiveness liveness, CancellationToken cancellationToken);

    /// <summary>Extends our lease; false when it was lost. Also reports a pending cancel request.</summary>
    Task<LeaseRenewal> RenewLeaseAsync(string instanceId, LeaseOwner owner, TimeSpan duration, CancellationToken cancellationToken);

    Task ReleaseLeaseAsync(string instanceId, LeaseOwner owner, CancellationToken cancellationToken);

    /// <summary>Asks the current owner to cancel; the owner sees it at its next heartbeat.</summary>
    Task RequestCancelAsync(string instanceId, CancellationToken cancellationToken);
}
