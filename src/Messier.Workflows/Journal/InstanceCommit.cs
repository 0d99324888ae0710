namespace Messier.Workflows.Journal;

/// <summary>
/// Everything one journal transaction writes for an instance: the new position and status, the
/// journal rows since the last commit (control-flow rows ride along with the next durable one), and
/// the bookmark and incident changes. A store must write all of it atomically or none of it.
/// </summary>
public sealed record InstanceCommit(
    string InstanceId,
    InstanceStatus Status,
    string StateJson,
    IReadOnlyList<JournalEntry> Entries)
{
    public string? OutputJson { get; init; }

    public IReadOnlyList<BookmarkRecord> AddBookmarks { get; init; } = [];

    /// <summary>Ids of bookmarks that were resumed and are gone.</summary>
    public IReadOnlyList<string> RemoveBookmarks { get; init; } = [];

    public IncidentRecord? NewIncident { get; init; }

    /// <summary>Marks the open incidents resolved (a retry).</summary>
    public bool ResolveIncidents { get; init; }

    /// <summary>Clears the cancel request once the cancellation has been carried out.</summary>
    public bool ClearCancelRequest { get; init; }

    /// <summary>
    /// Refuses a commit whose own entries skip or repeat a number. Every journal calls this before
    /// writing: the store itself checks only that the first entry follows the journal's last.
    /// </summary>
    /// <exception cref="JournalConflictException">Two neighbouring entries are not one apart.</exception>
    public void EnsureSequencesFollowOneAnother()
    {
        for (var i = 1; i < Entries.Count; i++)
        {
            if (Entries[i].Sequence != Entries[i - 1].Sequence + 1)
            {
                throw new JournalConflictException($"The commit for instance '{InstanceId}' has journal sequence number {Entries[i].Sequence} after {Entries[i - 1].Sequence}; nothing of it was stored.");
            }
        }
    }
}
