using System.Text.Json.Nodes;
using Messier.Workflows.Definitions;
using Messier.Workflows.Runtime;

namespace Messier.Workflows.Activities.Contracts;

/// <summary>What an instant activity sees: its resolved properties, the variables and the log.</summary>
public sealed class InstantContext
{
    private readonly IFrameHost host;
    private readonly ActivityFrame frame;

    internal InstantContext(IFrameHost host, ActivityFrame frame, ActivityNode node, PropertyValues properties)
    {
        this.host = host;
        this.frame = frame;
        Node = node;
        Properties = properties;
    }

    public ActivityNode Node { get; }

    public PropertyValues Properties { get; }

    public string InstanceId => host.InstanceId;

    public bool DryRun => host.DryRun;

    /// <summary>Sets the variable in the nearest scope that has it (a ForEach item), else a workflow variable.</summary>
    public void SetVariable(string name, JsonNode? value) => host.SetVariable(frame, name, value);

    public void Log(string level, string message) => host.Log(frame, Node, level, message);
}
