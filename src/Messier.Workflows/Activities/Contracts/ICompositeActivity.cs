namespace Messier.Workflows.Activities.Contracts;

/// <summary>
/// A container (Sequence, Flowchart, If, Switch, ForEach): it schedules children and reacts to their
/// completion. Containers run on the interpreter's thread and cost no commit of their own.
/// </summary>
public interface ICompositeActivity : IActivity
{
    void Execute(CompositeContext context);

    void OnChildCompleted(CompositeContext context, ChildCompletion child);
}
