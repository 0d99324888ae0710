using Messier.Workflows.Leases;

namespace Messier.Workflows.Journal;

/// <summary>One workflow instance as the journal stores it.</summary>
/// <param name="Id">The instance id, printed first by <c>messier run</c>.</param>
/// <param name="DefinitionName">The definition's name.</param>
/// <param name="DefinitionHash">SHA-256 of the pinned definition JSON.</param>
/// <param name="Status">The stored status (never <see cref="InstanceStatus.Interrupted"/>).</param>
/// <param name="StateJson">The interpreter's serialized position (<c>ExecutionState</c>).</param>
/// <param name="InputJson">The resolved inputs the instance started with.</param>
/// <param name="OutputJson">The workflow outputs once finished.</param>
/// <param name="Lease">The current owner, if any.</param>
/// <param name="ParentInstanceId">Set for a child started by a Call activity.</param>
/// <param name="CancelRequested">Set by <c>messier cancel</c> while another process owns the instance.</param>
public sealed record InstanceRecord(
    string Id,
    string DefinitionName,
    string DefinitionHash,
    InstanceStatus Status,
    string StateJson,
    string InputJson,
    string? OutputJson,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    LeaseInfo? Lease,
    string? ParentInstanceId,
    bool CancelRequested)
{
    /// <summary>
    /// What an operator should see: a running instance whose owner is gone reads as interrupted.
    /// </summary>
    public InstanceStatus EffectiveStatus(DateTimeOffset now, IOwnerLiveness liveness) =>
        Status == InstanceStatus.Running && (Lease is null || !Lease.IsHeld(now, liveness))
            ? InstanceStatus.Interrupted
            : Status;
}
