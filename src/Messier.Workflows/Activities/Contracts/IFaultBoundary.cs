using System.Text.Json.Nodes;

namespace Messier.Workflows.Activities.Contracts;

/// <summary>
/// A container that can take over a fault raised inside it (Try). The interpreter asks the
/// nearest enclosing boundary first; one that declines lets the fault travel further up, and a
/// fault nobody takes faults the instance.
/// </summary>
public interface IFaultBoundary : ICompositeActivity
{
    /// <summary>Whether a fault raised below this frame now would be taken (a Try catches only faults of its 'try' branch).</summary>
    bool Catches(JsonObject state);

    /// <summary>
    /// Called once the faulted branch is gone (its frames removed, its running steps finished):
    /// the boundary records the error and schedules its handler, or completes.
    /// </summary>
    void Caught(CompositeContext context, JsonObject error);
}
