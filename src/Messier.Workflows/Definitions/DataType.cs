namespace Messier.Workflows.Definitions;

/// <summary>The value types a definition can declare for inputs and activity properties.</summary>
public enum DataType
{
    Any,
    String,
    Integer,
    Number,
    Boolean,
    Array,
    Object,
}
