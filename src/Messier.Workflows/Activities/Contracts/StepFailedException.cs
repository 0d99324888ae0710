namespace Messier.Workflows.Activities.Contracts;

/// <summary>
/// A step failed in a way its message fully explains (a command's non-zero exit, a refused
/// precondition). The interpreter retries it per policy and records the message as the incident.
/// </summary>
public sealed class StepFailedException : Exception
{
    public StepFailedException()
    {
    }

    public StepFailedException(string message)
        : base(message)
    {
    }

    public StepFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>False for failures no retry can fix (bad input, a refused drive).</summary>
    public bool Retryable { get; init; } = true;
}
