namespace Messier.Journal.Entries;

/// <summary>A row of <c>journal_entries</c>; (InstanceId, Sequence) is unique.</summary>
public sealed class JournalEntryEntity
{
    public long Id { get; set; }

    public required string InstanceId { get; set; }

    public long Sequence { get; set; }

    public string? ActivityId { get; set; }

    public string? ActivityType { get; set; }

    public required string Event { get; set; }

    public DateTimeOffset At { get; set; }

    public string? DataJson { get; set; }
}
