using System.Text.Json;
using System.Text.Json.Nodes;
using Messier.Workflows.Definitions;
using Messier.Workflows.Runtime;

namespace Messier.Workflows.Activities.Contracts;

/// <summary>What a container sees while it executes: its node, its bookkeeping and the means to schedule children.</summary>
public sealed class CompositeContext
{
    private readonly IFrameHost host;
    private readonly ActivityFrame frame;

    internal CompositeContext(IFrameHost host, ActivityFrame frame, ActivityNode node)
    {
        this.host = host;
        this.frame = frame;
        Node = node;
    }

    public ActivityNode Node { get; }

    /// <summary>The container's own bookkeeping; persisted with the instance.</summary>
    public JsonObject State => frame.State;

    internal string? CompletedOutcome { get; private set; }

    internal string? FaultMessage { get; private set; }

    /// <summary>The property's value with its expressions evaluated, or null when absent.</summary>
    public JsonNode? Evaluate(string property) =>
        Node.Properties.TryGetValue(property, out var raw) ? host.Resolve(frame, raw) : null;

    /// <summary>Evaluates a condition written as an expression or a literal boolean, with JavaScript truthiness.</summary>
    public bool EvaluateCondition(JsonNode? condition) => IsTruthy(host.Resolve(frame, condition));

    public string Schedule(ActivityNode child, JsonObject? scope = null, JsonNode? tag = null) => host.Schedule(frame, child, scope, tag);

    /// <summary>Sets a variable visible only to this container's children (a loop item, a caught error).</summary>
    public void SetLocal(string name, JsonNode? value)
    {
        frame.Scope ??= [];
        frame.Scope[name] = value;
    }

    /// <summary>
    /// Keeps a value for the container's whole life (a loop's items) out of <see cref="State"/>: the
    /// state is written whole at every commit, so a long loop that kept its items there would write
    /// them once per iteration (bytes growing with the square of the item count). A kept value is
    /// journaled once, with the next commit, and read back from the journal when the instance resumes.
    /// </summary>
    public void Keep(string name, JsonNode? value) => host.Keep(frame, Node, name, value);

    /// <summary>A value <see cref="Keep"/> kept; false when this frame kept none by that name.</summary>
    public bool TryGetKept(string name, out JsonNode? value) => frame.KeptValues.TryGetValue(name, out value);

    public void Complete(string outcome = Descriptors.ActivityDescriptor.Done) => CompletedOutcome = outcome;

    public void Fault(string message) => FaultMessage = message;

    internal static bool IsTruthy(JsonNode? value) => value switch
    {
        null => false,
        JsonArray or JsonObject => true,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String => v.GetValue<string>().Length > 0,
            JsonValueKind.Number => v.GetValue<double>() is var d && d != 0 && !double.IsNaN(d),
            _ => false,
        },
        _ => true,
    };
}
