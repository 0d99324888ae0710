using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Messier.Workflows.Journal;

namespace Messier.Workflows.Runtime;

/// <summary>
/// The whole position of an instance: frames, queue, variables, outputs. It is serialized into
/// every commit; control-flow progress between two commits is recomputed from it after a crash.
/// What never changes after the start is not in it, so that commits do not grow with it: the inputs
/// are stored once in the instance's row, a ForEach's items once in the journal (ActivityFrame.Kept).
/// </summary>
public sealed class ExecutionState
{
    public Dictionary<string, ActivityFrame> Frames { get; set; } = new(StringComparer.Ordinal);

    public List<WorkItem> Queue { get; set; } = [];

    /// <summary>The bound inputs; not serialized (see <see cref="Of"/>).</summary>
    [JsonIgnore]
    public JsonObject Inputs { get; set; } = [];

    public JsonObject Variables { get; set; } = [];

    /// <summary>The latest outputs of each activity by id, visible to expressions as <c>steps</c>.</summary>
    public JsonObject Steps { get; set; } = [];

    /// <summary>Outputs set by a Finish activity, merged into the workflow outputs.</summary>
    public JsonObject? FinishOutputs { get; set; }

    public bool RootCompleted { get; set; }

    public long NextFrameNumber { get; set; } = 1;

    /// <summary>The next journal sequence number; committed with the state so the two never disagree.</summary>
    public long NextSequence { get; set; } = 1;

    /// <summary>When the definition has a timeout: the moment the whole run must be done by.</summary>
    public DateTimeOffset? Deadline { get; set; }

    public string Serialize() => JsonSerializer.Serialize(this, ExecutionStateJsonContext.Default.ExecutionState);

    /// <summary>For JSON the engine wrote with JsonNode: as deep as JsonNode's own writer goes (1000), not the reader's default 64.</summary>
    internal static readonly JsonDocumentOptions NodeReadOptions = new() { MaxDepth = 1000 };

    /// <summary>The state of a stored instance to run on: its serialized state with the inputs from its row.</summary>
    public static ExecutionState Of(InstanceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var state = Deserialize(record.StateJson);
        state.Inputs = JsonNode.Parse(record.InputJson, documentOptions: NodeReadOptions) as JsonObject ?? [];
        return state;
    }

    /// <summary>The serialized state alone, without the inputs (enough to read variables).</summary>
    public static ExecutionState Deserialize(string json) =>
        JsonSerializer.Deserialize(json, ExecutionStateJsonContext.Default.ExecutionState)
        ?? throw new JsonException("The instance state is empty.");
}

// MaxDepth as a JsonNode's own writer has it (1000): the default of 64 made a step whose inputs nest
// deeper (a definition may nest 256) fail its commit with an unhandled exception (found by the fuzzer).
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true, MaxDepth = 1000)]
[JsonSerializable(typeof(ExecutionState))]
internal sealed partial class ExecutionStateJsonContext : JsonSerializerContext;
