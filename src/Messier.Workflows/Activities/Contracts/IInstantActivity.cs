namespace Messier.Workflows.Activities.Contracts;

/// <summary>
/// A leaf without side effects outside the instance (SetVariable, Log, Fail, Finish, Approve): it
/// runs synchronously on the interpreter's thread and its journal row rides with the next commit.
/// </summary>
public interface IInstantActivity : IActivity
{
    InstantResult Execute(InstantContext context);
}
