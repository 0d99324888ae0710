using System.Text.Json.Nodes;
using Messier.Workflows.Definitions;

namespace Messier.Workflows.Activities.Descriptors;

/// <summary>
/// One property an activity type accepts. The validator, the JSON Schema and the authoring docs
/// are all derived from these, so they cannot drift apart.
/// </summary>
public sealed record PropertyDescriptor(string Name, PropertyKind Kind, DataType Type, string Description)
{
    public bool Required { get; init; }

    /// <summary>The value used when the property is absent.</summary>
    public JsonNode? Default { get; init; }

    /// <summary>For arrays, the type of each item; for objects, the type of each property's value.</summary>
    public DataType? ItemType { get; init; }

    /// <summary>When set, literal values must be one of these.</summary>
    public IReadOnlyList<string>? AllowedValues { get; init; }

    /// <summary>For numbers: the smallest literal value allowed.</summary>
    public double? Minimum { get; init; }

    /// <summary>For numbers: the largest literal value allowed.</summary>
    public double? Maximum { get; init; }

    /// <summary>
    /// For strings that name a variable: the value must be a JavaScript identifier, as workflow
    /// variable names are, so expressions can read it as <c>vars.NAME</c>.
    /// </summary>
    public bool IsIdentifier { get; init; }

    /// <summary>False for properties that must be literal (names the validator needs before anything runs).</summary>
    public bool AllowExpression { get; init; } = true;

    public static PropertyDescriptor Value(string name, DataType type, string description) =>
        new(name, PropertyKind.Value, type, description);

    public static PropertyDescriptor Activity(string name, string description) =>
        new(name, PropertyKind.Activity, DataType.Object, description);

    public static PropertyDescriptor Activities(string name, string description) =>
        new(name, PropertyKind.Activities, DataType.Array, description);
}
