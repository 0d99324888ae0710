using Messier.Workflows.Journal;
using Messier.Workflows.Runtime;

namespace Messier.Host.Tests.Support;

/// <summary>Checks of how a step ended, read from the journal.</summary>
public static class HarnessAssertions
{
    /// <summary>
    /// The step failed on its first attempt and was not tried again. Give the step a retry policy
    /// ("retry": {"attempts": 3}) so that this proves the failure was marked non-retryable.
    /// </summary>
    public static void FailedWithoutRetry(HarnessResult result, string activityId)
    {
        Assert.True(result.Status == InstanceStatus.Faulted, result.ToString());
        var events = result.EventsOf(activityId);
        Assert.Equal([JournalEvents.Started, JournalEvents.AttemptFailed, JournalEvents.Faulted], events.Take(3));
        Assert.Single(events, e => e == JournalEvents.AttemptFailed);
    }

    /// <summary>The retry policy that makes <see cref="FailedWithoutRetry"/> meaningful, as definition JSON.</summary>
    public const string ThreeAttempts = "\"retry\":{\"attempts\":3,\"delaySeconds\":0}";
}
