namespace Messier.Workflows.Runtime;

/// <summary>Where one activity execution stands.</summary>
public enum FrameStatus
{
    /// <summary>Queued to execute.</summary>
    Scheduled,

    /// <summary>A container waiting for its children.</summary>
    Running,

    /// <summary>A side-effecting step whose start is committed and whose completion is not.</summary>
    InFlight,

    /// <summary>Waiting on a bookmark (an approval).</summary>
    Suspended,

    /// <summary>Failed after its retries; <c>messier retry</c> runs it again.</summary>
    Faulted,
}
