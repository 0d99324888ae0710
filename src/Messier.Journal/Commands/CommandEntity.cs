namespace Messier.Journal.Commands;

/// <summary>A row of <c>commands</c>: one external command a step ran.</summary>
public sealed class CommandEntity
{
    public long Id { get; set; }

    public required string InstanceId { get; set; }

    public string? ActivityId { get; set; }

    /// <summary>The argv as a JSON array of strings.</summary>
    public required string ArgvJson { get; set; }

    public int? ExitCode { get; set; }

    public long DurationMs { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public required string OutputTail { get; set; }
}
