using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Definitions;

namespace Messier.Workflows.Activities.ControlFlow;

/// <summary>Runs <c>then</c> or <c>else</c> by a condition; ends with outcome True or False, so a Flowchart can branch on it.</summary>
public sealed class IfActivity : ICompositeActivity
{
    private const string ResultKey = "result";

    public ActivityDescriptor Descriptor { get; } = new(
        "If",
        ActivityCategory.ControlFlow,
        "Evaluates a condition and runs 'then' or 'else'. Ends with outcome True or False.",
        [
            // Boolean, so a literal must be true or false ("false" would be truthy); an expression's value is
            // judged by truthiness, since containers evaluate their own properties and never type-check them.
            PropertyDescriptor.Value("condition", DataType.Boolean, "true, false or an expression; JavaScript truthiness applies to an expression's value.") with { Required = true },
            PropertyDescriptor.Activity("then", "Runs when the condition holds."),
            PropertyDescriptor.Activity("else", "Runs when it does not."),
        ],
        ["True", "False"]);

    public void Execute(CompositeContext context)
    {
        var result = context.EvaluateCondition(context.Node.Properties.GetValueOrDefault("condition"));
        context.State[ResultKey] = result;
        var branch = context.Node.Slot(result ? "then" : "else");
        if (branch.Count == 0)
        {
            context.Complete(Outcome(result));
            return;
        }

        context.Schedule(branch[0]);
    }

    public void OnChildCompleted(CompositeContext context, ChildCompletion child) =>
        context.Complete(Outcome((bool)context.State[ResultKey]!));

    private static string Outcome(bool result) => result ? "True" : "False";
}
