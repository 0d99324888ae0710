using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Definitions;

namespace Messier.Workflows.Activities.ControlFlow;

/// <summary>
/// Activities joined by connections on outcomes, as in Elsa: when an activity completes with an
/// outcome, every connection from it on that outcome runs its target. Done when nothing is left running.
/// An activity with several inbound connections runs once per connection that fires.
/// </summary>
public sealed class FlowchartActivity : ICompositeActivity
{
    private const string ActiveKey = "active";

    public ActivityDescriptor Descriptor { get; } = new(
        "Flowchart",
        ActivityCategory.ControlFlow,
        "Activities joined by connections {\"from\", \"outcome\", \"to\"}. Starts at 'start' (else the first activity without inbound connections) and is done when nothing runs.",
        [
            PropertyDescriptor.Activities("activities", "The activities of the chart.") with { Required = true },
            new PropertyDescriptor("connections", PropertyKind.Connections, DataType.Array, "Edges: from an activity id, on an outcome (default Done), to an activity id."),
            PropertyDescriptor.Value("start", DataType.String, "The id of the first activity.") with { AllowExpression = false },
        ],
        [ActivityDescriptor.Done]);

    /// <summary>The activity a chart starts at; the validator uses the same rule.</summary>
    public static ActivityNode? FindStart(ActivityNode chart)
    {
        var activities = chart.Slot("activities");
        if (chart.Properties.TryGetValue("start", out var start) && start is not null)
        {
            var id = start.GetValue<string>();
            return activities.FirstOrDefault(a => a.Id == id);
        }

        var targets = chart.Connections.Select(c => c.To).ToHashSet(StringComparer.Ordinal);
        return activities.FirstOrDefault(a => !targets.Contains(a.Id)) ?? (activities.Count > 0 ? activities[0] : null);
    }

    public void Execute(CompositeContext context)
    {
        var start = FindStart(context.Node);
        if (start is null)
        {
            context.Complete();
            return;
        }

        context.State[ActiveKey] = 1;
        context.Schedule(start);
    }

    public void OnChildCompleted(CompositeContext context, ChildCompletion child)
    {
        var active = (int)context.State[ActiveKey]! - 1;
        var activities = context.Node.Slot("activities");
        foreach (var connection in context.Node.Connections)
        {
            if (connection.From == child.ActivityId && string.Equals(connection.Outcome, child.Outcome, StringComparison.Ordinal))
            {
                context.Schedule(activities.First(a => a.Id == connection.To));
                active++;
            }
        }

        context.State[ActiveKey] = active;
        if (active == 0)
        {
            context.Complete();
        }
    }
}
