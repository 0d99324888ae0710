namespace Messier.Workflows.Journal;

/// <summary>
/// One row of an instance's step journal. <see cref="Sequence"/> is dense and increasing per instance.
/// </summary>
/// <param name="Event">One of <see cref="JournalEvents"/>.</param>
/// <param name="DataJson">Event data: resolved inputs for <c>started</c>, outputs for <c>completed</c>, the error for <c>faulted</c>.</param>
public sealed record JournalEntry(
    long Sequence,
    string? ActivityId,
    string? ActivityType,
    string Event,
    DateTimeOffset At,
    string? DataJson);
