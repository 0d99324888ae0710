using System.Text.Json;
using System.Text.Json.Nodes;

namespace Messier.Workflows.Definitions;

/// <summary>Names, checks and conversions for <see cref="DataType"/>.</summary>
public static class DataTypes
{
    public static string ToName(this DataType type) => type.ToString().ToLowerInvariant();

    public static bool TryParse(string? name, out DataType type)
    {
        foreach (var candidate in Enum.GetValues<DataType>())
        {
            if (string.Equals(candidate.ToName(), name, StringComparison.Ordinal))
            {
                type = candidate;
                return true;
            }
        }

        type = default;
        return false;
    }

    public static IReadOnlyList<string> Names { get; } = Enum.GetValues<DataType>().Select(t => t.ToName()).ToArray();

    /// <summary>Whether a JSON value has the declared type. Null matches nothing but <see cref="DataType.Any"/>.</summary>
    public static bool Matches(this DataType type, JsonNode? value)
    {
        if (type == DataType.Any)
        {
            return true;
        }

        if (value is null)
        {
            return false;
        }

        var kind = value.GetValueKind();
        return type switch
        {
            DataType.String => kind == JsonValueKind.String,
            DataType.Boolean => kind is JsonValueKind.True or JsonValueKind.False,
            DataType.Number => kind == JsonValueKind.Number,
            DataType.Integer => kind == JsonValueKind.Number && IsInteger(value),
            DataType.Array => kind == JsonValueKind.Array,
            DataType.Object => kind == JsonValueKind.Object,
            _ => false,
        };
    }

    /// <summary>A short description of a JSON value's type for error messages.</summary>
    public static string Describe(JsonNode? value) => value is null ? "null" : value.GetValueKind() switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => IsInteger(value) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "null",
    };

    /// <summary>
    /// Converts a command-line <c>key=value</c> text to the declared type: strings stay as they are,
    /// numbers and booleans are parsed, arrays and objects are JSON.
    /// </summary>
    public static bool TryConvertText(DataType type, string text, out JsonNode? value, out string? error)
    {
        error = null;
        value = null;
        switch (type)
        {
            case DataType.String:
                value = JsonValue.Create(text);
                return true;
            case DataType.Integer when long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var l):
                value = JsonValue.Create(l);
                return true;
            case DataType.Number when double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) && double.IsFinite(d):
                value = JsonValue.Create(d);
                return true;
            case DataType.Boolean when bool.TryParse(text, out var b):
                value = JsonValue.Create(b);
                return true;
            case DataType.Any:
            case DataType.Array:
            case DataType.Object:
                try
                {
                    value = JsonNode.Parse(text);
                }
                catch (JsonException) when (type == DataType.Any)
                {
                    value = JsonValue.Create(text);
                    return true;
                }
                catch (JsonException ex)
                {
                    error = $"expected JSON {type.ToName()}: {ex.Message}";
                    return false;
                }

                if (type.Matches(value))
                {
                    return true;
                }

                error = $"expected a JSON {type.ToName()}, got {Describe(value)}";
                return false;
            default:
                error = $"expected {type.ToName()}, got '{text}'";
                return false;
        }
    }

    private static bool IsInteger(JsonNode value) => JsonNumbers.TryGetInt64(value, out _);
}
