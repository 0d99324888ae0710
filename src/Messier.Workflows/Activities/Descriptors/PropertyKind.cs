namespace Messier.Workflows.Activities.Descriptors;

/// <summary>How a property is written in a definition.</summary>
public enum PropertyKind
{
    /// <summary>A JSON value, or an expression <c>{"js": "…"}</c>; expressions may also stand inside arrays and objects.</summary>
    Value,

    /// <summary>One nested activity.</summary>
    Activity,

    /// <summary>A list of nested activities.</summary>
    Activities,

    /// <summary>Switch cases: <c>[{"label", "condition", "activity"}]</c>.</summary>
    Cases,

    /// <summary>Flowchart connections: <c>[{"from", "outcome", "to"}]</c>.</summary>
    Connections,
}
