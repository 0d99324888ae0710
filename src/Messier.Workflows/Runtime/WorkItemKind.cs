namespace Messier.Workflows.Runtime;

/// <summary>What the interpreter is asked to do with a frame.</summary>
public enum WorkItemKind
{
    Execute,
    ChildCompleted,
    Resume,
}
