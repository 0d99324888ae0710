using Messier.Workflows.Journal;

namespace Messier.Journal.Incidents;

internal static class IncidentMapping
{
    public static IncidentEntity ToEntity(this IncidentRecord incident, string instanceId) => new()
    {
        InstanceId = instanceId,
        ActivityId = incident.ActivityId,
        ActivityType = incident.ActivityType,
        Message = incident.Message,
        Details = incident.Details,
        At = incident.At,
        ResolvedAt = incident.ResolvedAt,
    };

    public static IncidentRecord ToRecord(this IncidentEntity row) =>
        new(row.ActivityId, row.ActivityType, row.Message, row.Details, row.At, row.ResolvedAt);
}
