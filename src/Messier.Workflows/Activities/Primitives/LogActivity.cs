using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Definitions;

namespace Messier.Workflows.Activities.Primitives;

/// <summary>Writes a message to the console and the journal.</summary>
public sealed class LogActivity : IInstantActivity
{
    public static readonly IReadOnlyList<string> Levels = ["info", "warning", "error"];

    public ActivityDescriptor Descriptor { get; } = new(
        "Log",
        ActivityCategory.Primitives,
        "Writes a message to the console and the journal.",
        [
            PropertyDescriptor.Value("message", DataType.Any, "The text (or any value, shown as JSON).") with { Required = true },
            PropertyDescriptor.Value("level", DataType.String, "info, warning or error.") with { Default = "info", AllowedValues = Levels },
        ],
        [ActivityDescriptor.Done]);

    public InstantResult Execute(InstantContext context)
    {
        var level = context.Properties.GetOptionalString("level") ?? "info";
        if (!Levels.Contains(level))
        {
            return InstantResult.Fault($"Log '{context.Node.Id}': level must be one of {string.Join(", ", Levels)}, got '{level}'.");
        }

        var message = context.Properties.Get("message") switch
        {
            System.Text.Json.Nodes.JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => v.GetValue<string>(),
            null => "null",
            var other => other.ToJsonString(),
        };
        context.Log(level, message);
        return InstantResult.Complete();
    }
}
