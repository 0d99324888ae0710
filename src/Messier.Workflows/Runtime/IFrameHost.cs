using System.Text.Json.Nodes;
using Messier.Workflows.Definitions;

namespace Messier.Workflows.Runtime;

/// <summary>What the contexts handed to activities may ask of the interpreter.</summary>
internal interface IFrameHost
{
    string InstanceId { get; }

    bool DryRun { get; }

    /// <summary>Resolves the expressions in a property value as seen from <paramref name="frame"/>.</summary>
    JsonNode? Resolve(ActivityFrame frame, JsonNode? value);

    string Schedule(ActivityFrame parent, ActivityNode child, JsonObject? scope, JsonNode? tag);

    void SetVariable(ActivityFrame frame, string name, JsonNode? value);

    void Log(ActivityFrame frame, ActivityNode node, string level, string message);

    /// <summary>Journals <paramref name="value"/> once, with the next commit, and remembers it on the frame.</summary>
    void Keep(ActivityFrame frame, ActivityNode node, string name, JsonNode? value);
}
