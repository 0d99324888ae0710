using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;

namespace Messier.Workflows.Activities.ControlFlow;

/// <summary>Runs its activities one after another.</summary>
public sealed class SequenceActivity : ICompositeActivity
{
    private const string NextKey = "next";

    public ActivityDescriptor Descriptor { get; } = new(
        "Sequence",
        ActivityCategory.ControlFlow,
        "Runs its activities one after another; done when the last one is.",
        [PropertyDescriptor.Activities("activities", "The activities, in order.") with { Required = true }],
        [ActivityDescriptor.Done]);

    public void Execute(CompositeContext context) => ScheduleNext(context, 0);

    public void OnChildCompleted(CompositeContext context, ChildCompletion child) =>
        ScheduleNext(context, (int)context.State[NextKey]!);

    private static void ScheduleNext(CompositeContext context, int index)
    {
        var activities = context.Node.Slot("activities");
        if (index >= activities.Count)
        {
            context.Complete();
            return;
        }

        context.State[NextKey] = index + 1;
        context.Schedule(activities[index]);
    }
}
