using System.Text.Json.Nodes;

namespace Messier.Workflows.Activities.Contracts;

/// <summary>What a container learns when one of its children completes.</summary>
public sealed record ChildCompletion(string ActivityId, string Outcome, JsonNode? Tag);
