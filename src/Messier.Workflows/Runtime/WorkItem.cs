using System.Text.Json.Nodes;

namespace Messier.Workflows.Runtime;

/// <summary>One queued unit of interpreter work. Part of the committed position.</summary>
public sealed record WorkItem(string FrameId, WorkItemKind Kind)
{
    public string? ChildActivityId { get; init; }

    public string? ChildOutcome { get; init; }

    public JsonNode? ChildTag { get; init; }

    /// <summary>For <see cref="WorkItemKind.Resume"/>: what the bookmark was resumed with.</summary>
    public JsonNode? Payload { get; init; }

    /// <summary>Set when a step is picked up again after its runner died mid-step.</summary>
    public bool Recovering { get; init; }
}
