using Messier.Workflows.Journal;

namespace Messier.Journal.Entries;

internal static class JournalEntryMapping
{
    public static JournalEntryEntity ToEntity(this JournalEntry entry, string instanceId) => new()
    {
        InstanceId = instanceId,
        Sequence = entry.Sequence,
        ActivityId = entry.ActivityId,
        ActivityType = entry.ActivityType,
        Event = entry.Event,
        At = entry.At,
        DataJson = entry.DataJson,
    };

    public static JournalEntry ToRecord(this JournalEntryEntity row) =>
        new(row.Sequence, row.ActivityId, row.ActivityType, row.Event, row.At, row.DataJson);
}
