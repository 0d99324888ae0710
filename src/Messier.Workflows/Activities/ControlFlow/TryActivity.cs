using System.Text.Json.Nodes;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Definitions;

namespace Messier.Workflows.Activities.ControlFlow;

/// <summary>
/// Runs 'try'; when a step in it faults (after its retries) or a Fail in it runs, the rest of the
/// branch is abandoned, the error is put in a variable and 'catch' runs. This is how a flow rolls
/// back: a conversion that fails half way puts the original directory back in its catch, then
/// fails with the original error. Steps already done in 'try' are not undone by the engine.
/// </summary>
public sealed class TryActivity : IFaultBoundary
{
    private const string PhaseKey = "phase";
    private const string TryPhase = "try";
    private const string CatchPhase = "catch";

    public const string CaughtOutcome = "Caught";

    public ActivityDescriptor Descriptor { get; } = new(
        "Try",
        ActivityCategory.ControlFlow,
        "Runs 'try'. When a step in it faults (after its retries) or a Fail in it runs, the rest of 'try' is abandoned (running steps in it are waited for), and 'catch' runs with vars.<errorVariable> = {message, activity} (visible inside 'catch' only). Ends with outcome Done, or Caught after a fault. Faults in 'catch' go to an enclosing Try, else fault the workflow.",
        [
            PropertyDescriptor.Activity("try", "The activities that may fault.") with { Required = true },
            PropertyDescriptor.Activity("catch", "Runs after a fault in 'try', e.g. to roll back; end it with a Fail to fault the workflow after all."),
            PropertyDescriptor.Value("errorVariable", DataType.String, "The variable, visible inside 'catch', that holds {message, activity} of the fault.") with { Default = "error", AllowExpression = false, IsIdentifier = true },
        ],
        [ActivityDescriptor.Done, CaughtOutcome]);

    public void Execute(CompositeContext context)
    {
        context.State[PhaseKey] = TryPhase;
        context.Schedule(context.Node.Slot("try")[0]);
    }

    public void OnChildCompleted(CompositeContext context, ChildCompletion child) =>
        context.Complete((string?)context.State[PhaseKey] == CatchPhase ? CaughtOutcome : ActivityDescriptor.Done);

    public bool Catches(JsonObject state) => (string?)state[PhaseKey] == TryPhase;

    public void Caught(CompositeContext context, JsonObject error)
    {
        context.State[PhaseKey] = CatchPhase;
        var name = context.Node.Properties.TryGetValue("errorVariable", out var raw) && raw is JsonValue value ? value.GetValue<string>() : "error";
        // Local to 'catch': parallel Try bodies each see their own error.
        context.SetLocal(name, error);
        var handler = context.Node.Slot("catch");
        if (handler.Count == 0)
        {
            context.Complete(CaughtOutcome);
            return;
        }

        context.Schedule(handler[0]);
    }
}
