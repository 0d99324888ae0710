namespace Messier.Workflows.Journal;

/// <summary>
/// The lifecycle of a workflow instance as stored in the journal. <see cref="Interrupted"/> is never
/// stored: it is what <see cref="Running"/> reads as once the owner's lease is gone (see
/// <see cref="InstanceRecord.EffectiveStatus"/>).
/// </summary>
public enum InstanceStatus
{
    Running,
    Suspended,
    Faulted,
    Finished,
    Cancelled,
    Interrupted,
}
