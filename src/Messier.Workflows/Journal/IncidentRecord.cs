namespace Messier.Workflows.Journal;

/// <summary>Why an instance faulted: the step and the error. <c>messier retry</c> resolves it.</summary>
public sealed record IncidentRecord(
    string? ActivityId,
    string? ActivityType,
    string Message,
    string? Details,
    DateTimeOffset At,
    DateTimeOffset? ResolvedAt);
