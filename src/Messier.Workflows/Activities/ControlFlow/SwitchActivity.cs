using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Definitions;

namespace Messier.Workflows.Activities.ControlFlow;

/// <summary>Runs the first case whose condition holds; the case's label is the outcome ("Default" when none).</summary>
public sealed class SwitchActivity : ICompositeActivity
{
    public const string DefaultOutcome = "Default";
    private const string LabelKey = "label";

    public ActivityDescriptor Descriptor { get; } = new(
        "Switch",
        ActivityCategory.ControlFlow,
        "Runs the first case whose condition holds, else 'default'. Ends with the matched case's label as outcome, or Default.",
        [
            new PropertyDescriptor("cases", PropertyKind.Cases, DataType.Array, "Cases in order: {\"label\", \"condition\", \"activity\"}; the activity is optional.") { Required = true },
            PropertyDescriptor.Activity("default", "Runs when no case matches."),
        ],
        [DefaultOutcome])
    {
        DynamicOutcomes = true,
    };

    public void Execute(CompositeContext context)
    {
        foreach (var @case in context.Node.Cases)
        {
            if (context.EvaluateCondition(@case.Condition))
            {
                Run(context, @case.Label, @case.Activity);
                return;
            }
        }

        var fallback = context.Node.Slot("default");
        Run(context, DefaultOutcome, fallback.Count > 0 ? fallback[0] : null);
    }

    public void OnChildCompleted(CompositeContext context, ChildCompletion child) =>
        context.Complete((string)context.State[LabelKey]!);

    private static void Run(CompositeContext context, string label, ActivityNode? activity)
    {
        context.State[LabelKey] = label;
        if (activity is null)
        {
            context.Complete(label);
        }
        else
        {
            context.Schedule(activity);
        }
    }
}
