using System.Text.Json.Nodes;
using Messier.Workflows.Definitions;

namespace Messier.Workflows.Runtime;

/// <summary>
/// Checks given inputs against a definition's declarations: unknown names, missing required
/// inputs and wrong types are errors; defaults fill the rest. An explicit null is "none" for an
/// input that is not required (a flow's optional network, a parent passing its own null inputs on
/// to a child), and is kept as null rather than replaced by the default.
/// </summary>
public static class InputBinder
{
    public static JsonObject Bind(WorkflowDefinition definition, IReadOnlyDictionary<string, JsonNode?> given)
    {
        var errors = new List<string>();
        var declared = definition.Inputs.ToDictionary(i => i.Name, StringComparer.Ordinal);
        foreach (var name in given.Keys.Where(k => !declared.ContainsKey(k)))
        {
            errors.Add(declared.Count == 0
                ? $"unknown input '{name}': workflow '{definition.Name}' takes no inputs"
                : $"unknown input '{name}'; workflow '{definition.Name}' takes: {string.Join(", ", declared.Keys)}");
        }

        var bound = new JsonObject();
        foreach (var input in definition.Inputs)
        {
            if (given.TryGetValue(input.Name, out var value))
            {
                if (value is null && input.Required)
                {
                    errors.Add($"input '{input.Name}' is required and cannot be null");
                    continue;
                }

                if (value is not null && !input.Type.Matches(value))
                {
                    errors.Add($"input '{input.Name}' must be of type {input.Type.ToName()}, got {DataTypes.Describe(value)}");
                    continue;
                }

                bound[input.Name] = value?.DeepClone();
            }
            else if (input.Required)
            {
                errors.Add($"missing required input '{input.Name}' ({input.Type.ToName()}){(input.Description is null ? string.Empty : ": " + input.Description)}");
            }
            else
            {
                bound[input.Name] = input.Default?.DeepClone();
            }
        }

        if (errors.Count > 0)
        {
            throw new InputException(errors);
        }

        return bound;
    }
}
