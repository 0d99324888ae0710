namespace Messier.Workflows.Definitions;

/// <summary>
/// How often a failing step is tried and how long to wait between tries; the wait grows by
/// <see cref="BackoffMultiplier"/> up to <see cref="MaxDelay"/>.
/// </summary>
public sealed record RetryPolicy(int Attempts, TimeSpan Delay, double BackoffMultiplier, TimeSpan MaxDelay)
{
    /// <summary>One attempt, no retry: the default.</summary>
    public static RetryPolicy None { get; } = new(1, TimeSpan.Zero, 1, TimeSpan.Zero);

    /// <summary>The wait before attempt number <paramref name="nextAttempt"/> (2 for the first retry).</summary>
    public TimeSpan DelayBefore(int nextAttempt)
    {
        var factor = Math.Pow(BackoffMultiplier, Math.Max(0, nextAttempt - 2));
        var delay = TimeSpan.FromMilliseconds(Delay.TotalMilliseconds * factor);
        return delay > MaxDelay ? MaxDelay : delay;
    }
}
