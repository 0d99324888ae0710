namespace Messier.Workflows.Activities.Contracts;

public enum InstantResultKind
{
    Complete,
    Fault,
    Suspend,
    Finish,
}
