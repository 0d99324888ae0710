namespace Messier.Journal.Instances;

/// <summary>A row of <c>instances</c>: one workflow instance, its position and its lease.</summary>
public sealed class InstanceEntity
{
    public required string Id { get; set; }

    public required string DefinitionName { get; set; }

    /// <summary>The pinned definition (<c>definitions.Hash</c>).</summary>
    public required string DefinitionHash { get; set; }

    /// <summary>The lower-case status name (<see cref="Messier.Workflows.Journal.InstanceStatusNames"/>).</summary>
    public required string Status { get; set; }

    public required string StateJson { get; set; }

    public required string InputJson { get; set; }

    public string? OutputJson { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary><see cref="Messier.Workflows.Leases.LeaseOwner.Serialize"/> of the runner holding the lease, or null.</summary>
    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseExpiresAt { get; set; }

    public string? ParentInstanceId { get; set; }

    public bool CancelRequested { get; set; }

    /// <summary>The sequence number the next journal entry will carry (last appended + 1).</summary>
    public long NextSequence { get; set; }
}
