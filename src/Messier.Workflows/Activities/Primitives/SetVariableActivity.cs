using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Definitions;

namespace Messier.Workflows.Activities.Primitives;

/// <summary>Sets a variable; costs no commit of its own.</summary>
public sealed class SetVariableActivity : IInstantActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "SetVariable",
        ActivityCategory.Primitives,
        "Sets a variable (a loop variable when one of that name is in scope, else a workflow variable).",
        [
            PropertyDescriptor.Value("name", DataType.String, "The variable's name.") with { Required = true, AllowExpression = false },
            PropertyDescriptor.Value("value", DataType.Any, "The value: a literal or an expression.") with { Required = true },
        ],
        [ActivityDescriptor.Done]);

    public InstantResult Execute(InstantContext context)
    {
        context.SetVariable(context.Properties.GetString("name"), context.Properties.Get("value")?.DeepClone());
        return InstantResult.Complete();
    }
}
