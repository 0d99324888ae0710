using System.Text.Json.Nodes;
using Messier.Workflows.Definitions;

namespace Messier.Studio.Views;

/// <summary>
/// A definition as nodes and edges for the browser to lay out: containers hold their activities
/// (a branch is labelled with its slot or case), a Sequence chains its activities in order, a
/// Flowchart draws its connections labelled with their outcomes. Layout is the browser's (elkjs).
/// </summary>
internal static class DefinitionGraph
{
    public static JsonObject Build(WorkflowDefinition definition)
    {
        var nodes = new JsonArray();
        var edges = new JsonArray();
        Visit(definition.Root, parent: null, slot: null, nodes, edges);
        return new JsonObject { ["nodes"] = nodes, ["edges"] = edges };
    }

    private static void Visit(ActivityNode node, string? parent, string? slot, JsonArray nodes, JsonArray edges)
    {
        var isContainer = node.Slots.Count > 0 || node.Cases.Count > 0;
        nodes.Add(new JsonObject
        {
            ["id"] = node.Id,
            ["type"] = node.Type,
            ["label"] = node.DisplayName ?? (node.Id.StartsWith('@') ? node.Type : node.Id),
            ["parent"] = parent,
            ["slot"] = slot,
            ["container"] = isContainer,
            ["detail"] = Detail(node),
        });

        foreach (var (slotName, children) in node.Slots)
        {
            // Sequence-like lists run in order; a Flowchart's order is its connections.
            var label = node.Type is "Sequence" or "Flowchart" ? null : slotName;
            for (var i = 0; i < children.Count; i++)
            {
                Visit(children[i], node.Id, label, nodes, edges);
                if (i > 0 && node.Type != "Flowchart")
                {
                    edges.Add(Edge(children[i - 1].Id, children[i].Id, null));
                }
            }
        }

        foreach (var @case in node.Cases)
        {
            if (@case.Activity is { } activity)
            {
                Visit(activity, node.Id, @case.Label, nodes, edges);
            }
        }

        foreach (var connection in node.Connections)
        {
            edges.Add(Edge(connection.From, connection.To, connection.Outcome == "Done" ? null : connection.Outcome));
        }
    }

    private static JsonObject Edge(string from, string to, string? label) => new() { ["from"] = from, ["to"] = to, ["label"] = label };

    // What an operator recognises a step by at a glance: the command it runs, the question it asks.
    private static string? Detail(ActivityNode node)
    {
        if (node.Type == "Run" && node.Properties.TryGetValue("argv", out var argv) && argv is JsonArray words)
        {
            return string.Join(' ', words.Select(w => w is JsonValue value && value.TryGetValue<string>(out var text) ? text : "{…}"));
        }

        if (node.Properties.TryGetValue("message", out var message) && message is JsonValue literal && literal.TryGetValue<string>(out var text2))
        {
            return text2;
        }

        return node.Id.StartsWith('@') ? null : node.Type;
    }
}
