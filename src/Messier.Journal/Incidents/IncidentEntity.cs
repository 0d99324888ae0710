namespace Messier.Journal.Incidents;

/// <summary>A row of <c>incidents</c>: why an instance faulted, until a retry resolves it.</summary>
public sealed class IncidentEntity
{
    public long Id { get; set; }

    public required string InstanceId { get; set; }

    public string? ActivityId { get; set; }

    public string? ActivityType { get; set; }

    public required string Message { get; set; }

    public string? Details { get; set; }

    public DateTimeOffset At { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }
}
