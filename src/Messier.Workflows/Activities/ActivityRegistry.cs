using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.ControlFlow;
using Messier.Workflows.Activities.Primitives;

namespace Messier.Workflows.Activities;

/// <summary>The activity types a definition may use, by their <c>type</c> name.</summary>
public sealed class ActivityRegistry
{
    private readonly Dictionary<string, IActivity> byType = new(StringComparer.Ordinal);

    public IReadOnlyCollection<IActivity> All => byType.Values;

    public IEnumerable<string> TypeNames => byType.Keys.Order(StringComparer.Ordinal);

    /// <summary>The engine's own types: control flow and primitives, Run and Call included.</summary>
    public static ActivityRegistry CreateDefault()
    {
        var registry = new ActivityRegistry();
        registry.Register(new SequenceActivity());
        registry.Register(new FlowchartActivity());
        registry.Register(new IfActivity());
        registry.Register(new SwitchActivity());
        registry.Register(new ForEachActivity());
        registry.Register(new TryActivity());
        registry.Register(new SetVariableActivity());
        registry.Register(new LogActivity());
        registry.Register(new FailActivity());
        registry.Register(new FinishActivity());
        registry.Register(new ApproveActivity());
        registry.Register(new RunActivity());
        registry.Register(new CallActivity());
        return registry;
    }

    public ActivityRegistry Register(IActivity activity)
    {
        if (!byType.TryAdd(activity.Descriptor.Type, activity))
        {
            throw new InvalidOperationException($"Activity type '{activity.Descriptor.Type}' is registered twice.");
        }

        return this;
    }

    public IActivity? Find(string type) => byType.GetValueOrDefault(type);

    public IActivity Get(string type) =>
        Find(type) ?? throw new KeyNotFoundException($"Unknown activity type '{type}'.");
}
