using System.Text.Json.Nodes;

namespace Messier.Workflows.Definitions;

/// <summary>A validated workflow definition, with the exact text it was loaded from and its hash.</summary>
public sealed class WorkflowDefinition
{
    private readonly Dictionary<string, ActivityNode> nodesById;

    public WorkflowDefinition(
        string name,
        string? description,
        IReadOnlyList<InputDefinition> inputs,
        IReadOnlyDictionary<string, JsonNode?> variables,
        IReadOnlyDictionary<string, JsonNode?> outputs,
        ActivityNode root,
        TimeSpan? timeout,
        string json,
        string hash,
        string? sourcePath)
    {
        Name = name;
        Description = description;
        Inputs = inputs;
        Variables = variables;
        Outputs = outputs;
        Root = root;
        Timeout = timeout;
        Json = json;
        Hash = hash;
        SourcePath = sourcePath;
        nodesById = root.DescendantsAndSelf().ToDictionary(n => n.Id, StringComparer.Ordinal);
    }

    public string Name { get; }

    public string? Description { get; }

    public IReadOnlyList<InputDefinition> Inputs { get; }

    /// <summary>Workflow variables and their initial values.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Variables { get; }

    /// <summary>Workflow outputs: literal values or expressions evaluated when the workflow finishes.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Outputs { get; }

    public ActivityNode Root { get; }

    /// <summary>The whole run's time limit, if any; when it passes the instance faults.</summary>
    public TimeSpan? Timeout { get; }

    /// <summary>The exact text the definition was loaded from; an instance pins it.</summary>
    public string Json { get; }

    /// <summary>SHA-256 of <see cref="Json"/>, lower-case hex.</summary>
    public string Hash { get; }

    public string? SourcePath { get; }

    public IEnumerable<ActivityNode> AllNodes => nodesById.Values;

    public ActivityNode GetNode(string id) =>
        nodesById.TryGetValue(id, out var node)
            ? node
            : throw new KeyNotFoundException($"Definition '{Name}' has no activity '{id}'.");
}
