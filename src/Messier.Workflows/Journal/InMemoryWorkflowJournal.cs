using Messier.Workflows.Leases;

namespace Messier.Workflows.Journal;

/// <summary>
/// A journal in memory: for dry runs (which must write nothing durable) and for the engine's own
/// unit tests. It keeps the same rules as a real store: atomic commits, lease checks, dense sequences.
/// </summary>
public sealed class InMemoryWorkflowJournal : IWorkflowJournal
{
    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly Dictionary<string, InstanceRecord> instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PinnedDefinition> definitions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<JournalEntry>> entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<CommandRecord>> commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<BookmarkRecord>> bookmarks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<IncidentRecord>> incidents = new(StringComparer.Ordinal);

    public InMemoryWorkflowJournal(TimeProvider? time = null)
    {
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>How many commits were written, for tests of the write-ahead rule.</summary>
    public int CommitCount { get; private set; }

    public Task CreateInstanceAsync(NewInstance instance, LeaseOwner owner, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (instances.ContainsKey(instance.Id))
            {
                throw new JournalConflictException($"Instance '{instance.Id}' already exists in the journal; nothing was written.");
            }

            var now = time.GetUtcNow();
            definitions.TryAdd(instance.DefinitionHash, new PinnedDefinition(instance.DefinitionHash, instance.DefinitionName, instance.DefinitionJson, instance.DefinitionPath));
            instances[instance.Id] = new InstanceRecord(instance.Id, instance.DefinitionName, instance.DefinitionHash, InstanceStatus.Running, instance.StateJson, instance.InputJson, null, now, now, new LeaseInfo(owner, now + leaseDuration), instance.ParentInstanceId, false);
            entries[instance.Id] = [.. instance.Entries];
            commands[instance.Id] = [];
            bookmarks[instance.Id] = [];
            incidents[instance.Id] = [];
            CommitCount++;
        }

        return Task.CompletedTask;
    }

    public Task CommitAsync(InstanceCommit commit, LeaseOwner owner, CancellationToken cancellationToken)
    {
        commit.EnsureSequencesFollowOneAnother();
        lock (gate)
        {
            if (!instances.TryGetValue(commit.InstanceId, out var record))
            {
                throw new LeaseLostException($"Instance '{commit.InstanceId}' is not in the journal; nothing was committed.");
            }

            if (record.Lease?.Owner != owner)
            {
                var holder = record.Lease is null ? "nobody" : record.Lease.Owner.Describe();
                throw new LeaseLostException($"Instance '{commit.InstanceId}' is no longer owned by {owner.Describe()}: it is held by {holder}; nothing was committed.");
            }

            var log = entries[commit.InstanceId];
            // The engine numbers entries from 1: an instance created without entries (a dry run's) expects 1.
            var expected = log.Count == 0 ? 1 : log[^1].Sequence + 1;
            if (commit.Entries.Count > 0 && commit.Entries[0].Sequence != expected)
            {
                throw new JournalConflictException($"The commit for instance '{commit.InstanceId}' starts at journal sequence number {commit.Entries[0].Sequence}, but the journal's next is {expected}; nothing of it was stored.");
            }

            log.AddRange(commit.Entries);
            var marks = bookmarks[commit.InstanceId];
            marks.RemoveAll(b => commit.RemoveBookmarks.Contains(b.Id));
            marks.AddRange(commit.AddBookmarks);
            var open = incidents[commit.InstanceId];
            if (commit.ResolveIncidents)
            {
                var now = time.GetUtcNow();
                for (var i = 0; i < open.Count; i++)
                {
                    open[i] = open[i].ResolvedAt is null ? open[i] with { ResolvedAt = now } : open[i];
                }
            }

            if (commit.NewIncident is not null)
            {
                open.Add(commit.NewIncident);
            }

            instances[commit.InstanceId] = record with
            {
                Status = commit.Status,
                StateJson = commit.StateJson,
                OutputJson = commit.OutputJson ?? record.OutputJson,
                UpdatedAt = time.GetUtcNow(),
                CancelRequested = !commit.ClearCancelRequest && record.CancelRequested,
            };
            CommitCount++;
        }

        return Task.CompletedTask;
    }

    public Task RecordCommandAsync(string instanceId, CommandRecord command, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!commands.TryGetValue(instanceId, out var list))
            {
                throw new JournalConflictException($"Instance '{instanceId}' is not in the journal; the command record was not stored.");
            }

            list.Add(command);
        }

        return Task.CompletedTask;
    }

    public Task<InstanceRecord?> FindInstanceAsync(string id, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(instances.GetValueOrDefault(id));
        }
    }

    public Task<IReadOnlyList<InstanceRecord>> FindInstancesByPrefixAsync(string idPrefix, int limit, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<InstanceRecord>>(instances.Values.Where(i => i.Id.StartsWith(idPrefix, StringComparison.Ordinal)).Take(limit).ToList());
        }
    }

    public Task<PinnedDefinition?> FindDefinitionAsync(string hash, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(definitions.GetValueOrDefault(hash));
        }
    }

    public Task<IReadOnlyList<InstanceRecord>> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IEnumerable<InstanceRecord> rows = instances.Values.OrderByDescending(i => i.CreatedAt);
            if (query.Statuses.Count > 0)
            {
                rows = rows.Where(i => query.Statuses.Contains(i.Status));
            }

            if (query.DefinitionName is not null)
            {
                rows = rows.Where(i => i.DefinitionName == query.DefinitionName);
            }

            if (query.IdPrefix is not null)
            {
                rows = rows.Where(i => i.Id.StartsWith(query.IdPrefix, StringComparison.Ordinal));
            }

            return Task.FromResult<IReadOnlyList<InstanceRecord>>(rows.Skip(query.Skip).Take(query.Take).ToList());
        }
    }

    public Task<IReadOnlyDictionary<InstanceStatus, int>> CountByStatusAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyDictionary<InstanceStatus, int>>(instances.Values.GroupBy(i => i.Status).ToDictionary(g => g.Key, g => g.Count()));
        }
    }

    public Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken) => Copy(entries, instanceId);

    public Task<IReadOnlyList<CommandRecord>> GetCommandsAsync(string instanceId, CancellationToken cancellationToken) => Copy(commands, instanceId);

    public Task<IReadOnlyList<BookmarkRecord>> GetBookmarksAsync(string instanceId, CancellationToken cancellationToken) => Copy(bookmarks, instanceId);

    public Task<IReadOnlyList<IncidentRecord>> GetIncidentsAsync(string instanceId, CancellationToken cancellationToken) => Copy(incidents, instanceId);

    public Task<LeaseResult> TryAcquireLeaseAsync(string instanceId, LeaseOwner owner, TimeSpan duration, IOwnerLiveness liveness, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!instances.TryGetValue(instanceId, out var record))
            {
                return Task.FromResult(LeaseResult.NotFound);
            }

            var now = time.GetUtcNow();
            var current = record.Lease;
            if (current is not null && current.Owner != owner && current.IsHeld(now, liveness))
            {
                return Task.FromResult(LeaseResult.Refused(current));
            }

            instances[instanceId] = record with { Lease = new LeaseInfo(owner, now + duration) };
            return Task.FromResult(LeaseResult.Granted(current is not null && current.Owner != owner));
        }
    }

    public Task<LeaseRenewal> RenewLeaseAsync(string instanceId, LeaseOwner owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var record = instances[instanceId];
            if (record.Lease?.Owner != owner)
            {
                return Task.FromResult(new LeaseRenewal(false, record.CancelRequested));
            }

            instances[instanceId] = record with { Lease = new LeaseInfo(owner, time.GetUtcNow() + duration) };
            return Task.FromResult(new LeaseRenewal(true, record.CancelRequested));
        }
    }

    public Task ReleaseLeaseAsync(string instanceId, LeaseOwner owner, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (instances.TryGetValue(instanceId, out var record) && record.Lease?.Owner == owner)
            {
                instances[instanceId] = record with { Lease = null };
            }
        }

        return Task.CompletedTask;
    }

    public Task RequestCancelAsync(string instanceId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            instances[instanceId] = instances[instanceId] with { CancelRequested = true };
        }

        return Task.CompletedTask;
    }

    private Task<IReadOnlyList<T>> Copy<T>(Dictionary<string, List<T>> source, string instanceId)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<T>>(source.TryGetValue(instanceId, out var list) ? list.ToList() : []);
        }
    }
}
