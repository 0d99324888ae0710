using Messier.Workflows.Journal;
using Messier.Workflows.Leases;

namespace Messier.Journal.Instances;

internal static class InstanceMapping
{
    public static InstanceRecord ToRecord(this InstanceEntity row) => new(
        row.Id,
        row.DefinitionName,
        row.DefinitionHash,
        ParseStatus(row.Status, row.Id),
        row.StateJson,
        row.InputJson,
        row.OutputJson,
        row.CreatedAt,
        row.UpdatedAt,
        ToLease(row.LeaseOwner, row.LeaseExpiresAt),
        row.ParentInstanceId,
        row.CancelRequested);

    public static InstanceStatus ParseStatus(string name, string instanceId) =>
        InstanceStatusNames.TryParse(name, out var status)
            ? status
            : throw new InvalidOperationException($"Instance '{instanceId}' has an unknown status '{name}' in the journal.");

    /// <summary>The stored lease, or null when nobody holds it.</summary>
    public static LeaseInfo? ToLease(string? owner, DateTimeOffset? expiresAt) =>
        owner is null ? null : new LeaseInfo(ParseOwner(owner), expiresAt ?? DateTimeOffset.MinValue);

    /// <summary>
    /// Only this store writes the column, but a value it cannot read must still block the lease
    /// until it expires rather than read as "free": it becomes an owner on an unknown host.
    /// </summary>
    public static LeaseOwner ParseOwner(string owner) =>
        LeaseOwner.Parse(owner) ?? new LeaseOwner("unknown", 0, 0, owner);
}
