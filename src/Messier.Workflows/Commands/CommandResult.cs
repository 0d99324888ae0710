namespace Messier.Workflows.Commands;

/// <summary>How a command ended. <see cref="ExitCode"/> is null when it was killed on timeout or cancellation.</summary>
public sealed record CommandResult(
    IReadOnlyList<string> Argv,
    int? ExitCode,
    TimeSpan Duration,
    DateTimeOffset StartedAt,
    string StandardOutput,
    string StandardError,
    bool TimedOut)
{
    /// <summary>The last part of stdout and stderr together, as kept in the journal.</summary>
    public string OutputTail(int maxChars = 4096)
    {
        var both = StandardError.Length == 0 ? StandardOutput : StandardOutput + (StandardOutput.Length > 0 ? "\n" : string.Empty) + StandardError;
        return both.Length <= maxChars ? both : both[^maxChars..];
    }
}
