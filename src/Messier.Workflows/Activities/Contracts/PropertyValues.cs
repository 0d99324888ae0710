using System.Text.Json;
using System.Text.Json.Nodes;
using Messier.Workflows.Definitions;

namespace Messier.Workflows.Activities.Contracts;

/// <summary>
/// An activity's resolved property values (expressions already evaluated, defaults applied) with
/// typed getters whose errors name the activity and the property.
/// </summary>
public sealed class PropertyValues
{
    private readonly JsonObject values;
    private readonly string activityId;

    public PropertyValues(JsonObject values, string activityId)
    {
        this.values = values;
        this.activityId = activityId;
    }

    public JsonObject AsJson() => values;

    public JsonNode? Get(string name) => values.TryGetPropertyValue(name, out var value) ? value : null;

    public bool Has(string name) => Get(name) is not null;

    public string GetString(string name) => GetOptionalString(name) ?? throw Missing(name);

    public string? GetOptionalString(string name) => Get(name) switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
        var other => throw WrongType(name, "a string", other),
    };

    public long GetInteger(string name, long fallback) => Get(name) switch
    {
        null => fallback,
        var v when JsonNumbers.TryGetInt64(v, out var l) => l,
        var other => throw WrongType(name, "an integer", other),
    };

    public double GetNumber(string name, double fallback) => Get(name) switch
    {
        null => fallback,
        var v when JsonNumbers.TryGetDouble(v, out var d) => d,
        var other => throw WrongType(name, "a number", other),
    };

    public bool GetBoolean(string name, bool fallback) => Get(name) switch
    {
        null => fallback,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        var other => throw WrongType(name, "true or false", other),
    };

    public IReadOnlyList<string> GetStringList(string name)
    {
        switch (Get(name))
        {
            case null:
                return [];
            case JsonArray array:
                var list = new List<string>(array.Count);
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is not JsonValue item || item.GetValueKind() != JsonValueKind.String)
                    {
                        throw new StepFailedException($"Activity '{activityId}': {name}[{i}] must be a string, got {Describe(array[i])}.") { Retryable = false };
                    }

                    list.Add(item.GetValue<string>());
                }

                return list;
            case var other:
                throw WrongType(name, "an array of strings", other);
        }
    }

    public IReadOnlyList<long> GetIntegerList(string name)
    {
        if (Get(name) is not JsonArray array)
        {
            return Get(name) is null ? [] : throw WrongType(name, "an array of integers", Get(name));
        }

        return array.Select((item, i) => JsonNumbers.TryGetInt64(item, out var l)
            ? l
            : throw new StepFailedException($"Activity '{activityId}': {name}[{i}] must be an integer.") { Retryable = false }).ToArray();
    }

    public IReadOnlyDictionary<string, string> GetStringMap(string name)
    {
        if (Get(name) is not JsonObject obj)
        {
            return Get(name) is null ? new Dictionary<string, string>() : throw WrongType(name, "an object of strings", Get(name));
        }

        return obj.ToDictionary(
            pair => pair.Key,
            pair => pair.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String
                ? v.GetValue<string>()
                : throw new StepFailedException($"Activity '{activityId}': {name}.{pair.Key} must be a string.") { Retryable = false },
            StringComparer.Ordinal);
    }

    private StepFailedException Missing(string name) =>
        new($"Activity '{activityId}': property '{name}' has no value.") { Retryable = false };

    private StepFailedException WrongType(string name, string expected, JsonNode? actual) =>
        new($"Activity '{activityId}': property '{name}' must be {expected}, got {Describe(actual)}.") { Retryable = false };

    private static string Describe(JsonNode? node) => node is null ? "null" : $"{node.GetValueKind().ToString().ToLowerInvariant()} {Truncate(node.ToJsonString())}";

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
