using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Messier.Workflows.Definitions;

/// <summary>
/// Reads numbers from JSON nodes whatever CLR type backs them: a parsed document holds a
/// JsonElement, a node built in code holds an int or a double, and JsonValue.TryGetValue only
/// converts between exact types.
/// </summary>
public static class JsonNumbers
{
    public static bool TryGetDouble(JsonNode? node, out double value)
    {
        value = 0;
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryGetInt64(JsonNode? node, out long value)
    {
        value = 0;
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }

        var text = v.ToJsonString();
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d % 1 == 0 && Math.Abs(d) < 9.0e15)
        {
            value = (long)d;
            return true;
        }

        return false;
    }
}
