namespace Messier.Workflows.Journal;

/// <summary>The event names written to the journal.</summary>
public static class JournalEvents
{
    public const string InstanceCreated = "instance-created";
    public const string InstanceResumed = "instance-resumed";
    public const string InstanceFinished = "instance-finished";
    public const string InstanceSuspended = "instance-suspended";
    public const string InstanceFaulted = "instance-faulted";
    public const string InstanceCancelled = "instance-cancelled";
    public const string InstanceRetried = "instance-retried";

    /// <summary>A side-effecting step is about to run; its resolved inputs are in the data.</summary>
    public const string Started = "started";

    /// <summary>A step finished (applied, or a control-flow step executed).</summary>
    public const string Completed = "completed";

    /// <summary>A step's observe found its desired state already in place: nothing was applied.</summary>
    public const string ObservedDone = "observed-done";

    /// <summary>A step that was in flight when its runner died is being picked up again.</summary>
    public const string Recovered = "recovered";

    public const string AttemptFailed = "attempt-failed";
    public const string Faulted = "faulted";

    /// <summary>A Try took over a fault of its 'try' branch; the error and the faulted activity are in the data.</summary>
    public const string Caught = "caught";
    public const string Suspended = "suspended";
    public const string BookmarkResumed = "bookmark-resumed";
    public const string Log = "log";

    /// <summary>A container kept a value for its whole life (a ForEach's items); the frame, the name and the value are in the data.</summary>
    public const string ValueKept = "value-kept";
}
