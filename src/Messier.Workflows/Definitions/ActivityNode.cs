using System.Text.Json.Nodes;

namespace Messier.Workflows.Definitions;

/// <summary>
/// One activity of a loaded definition: its type, id, literal or expression properties, and the
/// activities it contains. Nodes are immutable and shared by every instance of the definition.
/// </summary>
public sealed class ActivityNode
{
    public ActivityNode(
        string id,
        string type,
        string? displayName,
        string path,
        IReadOnlyDictionary<string, JsonNode?> properties,
        IReadOnlyDictionary<string, IReadOnlyList<ActivityNode>> slots,
        IReadOnlyList<SwitchCase> cases,
        IReadOnlyList<Connection> connections,
        RetryPolicy retry)
    {
        Id = id;
        Type = type;
        DisplayName = displayName;
        Path = path;
        Properties = properties;
        Slots = slots;
        Cases = cases;
        Connections = connections;
        Retry = retry;
    }

    /// <summary>Unique within the definition; the journal refers to activities by it.</summary>
    public string Id { get; }

    public string Type { get; }

    public string? DisplayName { get; }

    /// <summary>The JSON path of the activity in its definition file, for messages.</summary>
    public string Path { get; }

    /// <summary>Value properties as written: literals, or <c>{"js": "…"}</c> expressions anywhere inside.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Properties { get; }

    /// <summary>Activity-valued properties (<c>then</c>, <c>body</c>, <c>activities</c>…), each a list.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ActivityNode>> Slots { get; }

    public IReadOnlyList<SwitchCase> Cases { get; }

    public IReadOnlyList<Connection> Connections { get; }

    public RetryPolicy Retry { get; }

    /// <summary>The activities in a slot, empty when the slot was not given.</summary>
    public IReadOnlyList<ActivityNode> Slot(string name) => Slots.TryGetValue(name, out var nodes) ? nodes : [];

    /// <summary>
    /// This node and every node below it, depth first, in document order. An explicit stack, not
    /// nested iterators: those cost each node as many steps as it is deep.
    /// </summary>
    public IEnumerable<ActivityNode> DescendantsAndSelf()
    {
        var pending = new Stack<ActivityNode>();
        pending.Push(this);
        while (pending.TryPop(out var node))
        {
            yield return node;
            var children = node.Children();
            for (var i = children.Count - 1; i >= 0; i--)
            {
                pending.Push(children[i]);
            }
        }
    }

    private List<ActivityNode> Children() =>
        [.. Slots.Values.SelectMany(list => list), .. Cases.Where(c => c.Activity is not null).Select(c => c.Activity!)];

    public override string ToString() => $"{Type} '{Id}'";
}
