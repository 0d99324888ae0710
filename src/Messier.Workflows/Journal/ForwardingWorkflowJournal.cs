using Messier.Workflows.Leases;

namespace Messier.Workflows.Journal;

/// <summary>
/// A journal that hands every call to another: the base of decorators (fault injection, write
/// counting) that override only the calls they care about.
/// </summary>
public abstract class ForwardingWorkflowJournal : IWorkflowJournal, IAsyncDisposable
{
    protected ForwardingWorkflowJournal(IWorkflowJournal inner)
    {
        Inner = inner;
    }

    protected IWorkflowJournal Inner { get; }

    public virtual Task CreateInstanceAsync(NewInstance instance, LeaseOwner owner, TimeSpan leaseDuration, CancellationToken cancellationToken) =>
        Inner.CreateInstanceAsync(instance, owner, leaseDuration, cancellationToken);

    public virtual Task CommitAsync(InstanceCommit commit, LeaseOwner owner, CancellationToken cancellationToken) =>
        Inner.CommitAsync(commit, owner, cancellationToken);

    public virtual Task RecordCommandAsync(string instanceId, CommandRecord command, CancellationToken cancellationToken) =>
        Inner.RecordCommandAsync(instanceId, command, cancellationToken);

    public virtual Task<InstanceRecord?> FindInstanceAsync(string id, CancellationToken cancellationToken) =>
        Inner.FindInstanceAsync(id, cancellationToken);

    public virtual Task<IReadOnlyList<InstanceRecord>> FindInstancesByPrefixAsync(string idPrefix, int limit, CancellationToken cancellationToken) =>
        Inner.FindInstancesByPrefixAsync(idPrefix, limit, cancellationToken);

    public virtual Task<PinnedDefinition?> FindDefinitionAsync(string hash, CancellationToken cancellationToken) =>
        Inner.FindDefinitionAsync(hash, cancellationToken);

    public virtual Task<IReadOnlyList<InstanceRecord>> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken) =>
        Inner.ListInstancesAsync(query, cancellationToken);

    public virtual Task<IReadOnlyDictionary<InstanceStatus, int>> CountByStatusAsync(CancellationToken cancellationToken) =>
        Inner.CountByStatusAsync(cancellationToken);

    public virtual Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken) =>
        Inner.GetJournalAsync(instanceId, cancellationToken);

    public virtual Task<IReadOnlyList<CommandRecord>> GetCommandsAsync(string instanceId, CancellationToken cancellationToken) =>
        Inner.GetCommandsAsync(instanceId, cancellationToken);

    public virtual Task<IReadOnlyList<BookmarkRecord>> GetBookmarksAsync(string instanceId, CancellationToken cancellationToken) =>
        Inner.GetBookmarksAsync(instanceId, cancellationToken);

    public virtual Task<IReadOnlyList<IncidentRecord>> GetIncidentsAsync(string instanceId, CancellationToken cancellationToken) =>
        Inner.GetIncidentsAsync(instanceId, cancellationToken);

    public virtual Task<LeaseResult> TryAcquireLeaseAsync(string instanceId, LeaseOwner owner, TimeSpan duration, IOwnerLiveness liveness, CancellationToken cancellationToken) =>
        Inner.TryAcquireLeaseAsync(instanceId, owner, duration, liveness, cancellationToken);

    public virtual Task<LeaseRenewal> RenewLeaseAsync(string instanceId, LeaseOwner owner, TimeSpan duration, CancellationToken cancellationToken) =>
        Inner.RenewLeaseAsync(instanceId, owner, duration, cancellationToken);

    public virtual Task ReleaseLeaseAsync(string instanceId, LeaseOwner owner, CancellationToken cancellationToken) =>
        Inner.ReleaseLeaseAsync(instanceId, owner, cancellationToken);

    public virtual Task RequestCancelAsync(string instanceId, CancellationToken cancellationToken) =>
        Inner.RequestCancelAsync(instanceId, cancellationToken);

    /// <summary>Disposes the inner journal when it is disposable: the decorator owns what it wraps.</summary>
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return Inner is IAsyncDisposable disposable ? disposable.DisposeAsync() : ValueTask.CompletedTask;
    }
}
