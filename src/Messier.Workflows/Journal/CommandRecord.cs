namespace Messier.Workflows.Journal;

/// <summary>An external command a step ran, as the journal keeps it.</summary>
/// <param name="Argv">The exact argv; never a shell string.</param>
/// <param name="ExitCode">The exit code, or null when the command could not be started or was killed on timeout.</param>
/// <param name="OutputTail">The last few KiB of standard output and error, for diagnosis.</param>
public sealed record CommandRecord(
    string? ActivityId,
    IReadOnlyList<string> Argv,
    int? ExitCode,
    long DurationMs,
    DateTimeOffset StartedAt,
    string OutputTail);
