using System.Text.Json.Nodes;

namespace Messier.Workflows.Definitions;

/// <summary>A Switch branch: the first case whose condition is true runs its activity; its label is the outcome.</summary>
public sealed record SwitchCase(string Label, JsonNode? Condition, ActivityNode? Activity, string Path);
