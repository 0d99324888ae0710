using System.Text.Json.Nodes;

namespace Messier.Workflows.Definitions;

/// <summary>A declared workflow input: typed, and either required or given a default.</summary>
public sealed record InputDefinition(string Name, DataType Type, bool Required, JsonNode? Default, string? Description);
