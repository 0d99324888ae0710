using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Messier.Workflows.Runtime;

/// <summary>
/// One execution of one activity, as plain data: the interpreter's position is a set of these plus
/// a queue of <see cref="WorkItem"/>s, never a C# call stack, so it can be committed and resumed.
/// </summary>
public sealed class ActivityFrame
{
    public required string Id { get; init; }

    public string? ParentId { get; init; }

    public required string ActivityId { get; init; }

    public FrameStatus Status { get; set; }

    /// <summary>The activity's private bookkeeping (a Sequence's index, a ForEach's cursor).</summary>
    public JsonObject State { get; set; } = [];

    /// <summary>Variables local to this frame and its descendants (a ForEach item).</summary>
    public JsonObject? Scope { get; set; }

    /// <summary>A step's inputs, resolved and committed before it ran; reused on recovery so the observe checks the same thing.</summary>
    public JsonObject? ResolvedInputs { get; set; }

    /// <summary>The attempt number of a step, from 1.</summary>
    public int Attempt { get; set; }

    public string? BookmarkId { get; set; }

    /// <summary>
    /// Set on a fault boundary (Try) while it abandons its faulted branch and waits for steps of
    /// that branch still running; handed to the boundary once they are done.
    /// </summary>
    public JsonObject? PendingError { get; set; }

    /// <summary>A value the parent attached when it scheduled this frame (a ForEach index), handed back on completion.</summary>
    public JsonNode? Tag { get; init; }

    /// <summary>
    /// Values the activity keeps for its whole life without writing them into every commit's state
    /// (a ForEach's items): name → the sequence number of the journal entry holding the value.
    /// </summary>
    public Dictionary<string, long>? Kept { get; set; }

    /// <summary>The kept values themselves: set when kept, read back from the journal on resume; never serialized.</summary>
    [JsonIgnore]
    internal Dictionary<string, JsonNode?> KeptValues { get; } = new(StringComparer.Ordinal);
}
