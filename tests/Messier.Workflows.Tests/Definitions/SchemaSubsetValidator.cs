using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Messier.Workflows.Tests.Definitions;

/// <summary>
/// A deliberately small JSON Schema (2020-12) validator for exactly the keywords
/// <c>DefinitionSchema</c> emits, so tests can check the schema accepts and refuses what the
/// loader does. No validator package restores here. It throws on any other keyword, so the schema
/// cannot grow a keyword these tests do not understand.
/// </summary>
internal sealed class SchemaSubsetValidator
{
    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal) { "$schema", "$defs", "title", "description", "default" };

    private readonly JsonObject root;

    public SchemaSubsetValidator(JsonObject root)
    {
        this.root = root;
    }

    /// <summary>Every violation found, as "JSON path: what"; empty when the instance is valid.</summary>
    public IReadOnlyList<string> Validate(JsonNode? instance)
    {
        var errors = new List<string>();
        Check(root, instance, "$", errors);
        return errors;
    }

    private bool Check(JsonNode? schema, JsonNode? instance, string path, List<string> errors)
    {
        if (schema is JsonValue booleanSchema && booleanSchema.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            if (!booleanSchema.GetValue<bool>())
            {
                errors.Add($"{path}: not allowed");
                return false;
            }

            return true;
        }

        if (schema is not JsonObject keywords)
        {
            throw new InvalidOperationException($"A schema must be an object or a boolean, got {schema?.ToJsonString() ?? "null"}.");
        }

        var before = errors.Count;
        foreach (var (keyword, value) in keywords)
        {
            switch (keyword)
            {
                case "$ref":
                    Check(Resolve(value!.GetValue<string>()), instance, path, errors);
                    break;
                case "type":
                    if (!HasType(instance, value!.GetValue<string>()))
                    {
                        errors.Add($"{path}: must be of type {value}, got {Kind(instance)}");
                    }

                    break;
                case "enum":
                    if (!value!.AsArray().Any(allowed => JsonNode.DeepEquals(allowed, instance)))
                    {
                        errors.Add($"{path}: must be one of {value.ToJsonString()}");
                    }

                    break;
                case "const":
                    if (!JsonNode.DeepEquals(value, instance))
                    {
                        errors.Add($"{path}: must be {value?.ToJsonString()}");
                    }

                    break;
                case "pattern":
                    if (instance is JsonValue text && text.GetValueKind() == JsonValueKind.String && !Matches(value!.GetValue<string>(), text.GetValue<string>()))
                    {
                        errors.Add($"{path}: must match {value}");
                    }

                    break;
                case "minLength":
                    if (instance is JsonValue s && s.GetValueKind() == JsonValueKind.String && s.GetValue<string>().Length < value!.GetValue<int>())
                    {
                        errors.Add($"{path}: shorter than {value}");
                    }

                    break;
                case "minimum":
                case "maximum":
                case "exclusiveMinimum":
                    CheckBound(keyword, Number(value!), instance, path, errors);
                    break;
                case "required":
                    if (instance is JsonObject required)
                    {
                        foreach (var name in value!.AsArray().Select(n => n!.GetValue<string>()).Where(n => !required.ContainsKey(n)))
                        {
                            errors.Add($"{path}: missing '{name}'");
                        }
                    }

                    break;
                case "properties":
                    if (instance is JsonObject withProperties)
                    {
                        foreach (var (name, propertySchema) in value!.AsObject())
                        {
                            if (withProperties.TryGetPropertyValue(name, out var propertyValue))
                            {
                                Check(propertySchema, propertyValue, $"{path}.{name}", errors);
                            }
                        }
                    }

                    break;
                case "additionalProperties":
                    if (instance is JsonObject withAdditional)
                    {
                        var declared = keywords["properties"]?.AsObject();
                        foreach (var (name, propertyValue) in withAdditional.Where(p => declared is null || !declared.ContainsKey(p.Key)))
                        {
                            Check(value, propertyValue, $"{path}.{name}", errors);
                        }
                    }

                    break;
                case "propertyNames":
                    if (instance is JsonObject named)
                    {
                        foreach (var (name, _) in named)
                        {
                            Check(value, JsonValue.Create(name), $"{path}.{name}", errors);
                        }
                    }

                    break;
                case "items":
                    if (instance is JsonArray array)
                    {
                        for (var i = 0; i < array.Count; i++)
                        {
                            Check(value, array[i], $"{path}[{i}]", errors);
                        }
                    }

                    break;
                case "allOf":
                    foreach (var part in value!.AsArray())
                    {
                        Check(part, instance, path, errors);
                    }

                    break;
                case "anyOf":
                    if (!value!.AsArray().Any(part => Check(part, instance, path, [])))
                    {
                        errors.Add($"{path}: matches none of the alternatives");
                    }

                    break;
                case "not":
                    if (Check(value, instance, path, []))
                    {
                        errors.Add($"{path}: must not match {value!.ToJsonString()}");
                    }

                    break;
                case "if":
                    if (Check(value, instance, path, []) && keywords["then"] is { } then)
                    {
                        Check(then, instance, path, errors);
                    }

                    break;
                case "then":
                    break;
                default:
                    if (!Annotations.Contains(keyword))
                    {
                        throw new InvalidOperationException($"The schema uses '{keyword}', which {nameof(SchemaSubsetValidator)} does not know; teach it before relying on it.");
                    }

                    break;
            }
        }

        return errors.Count == before;
    }

    private JsonNode Resolve(string reference)
    {
        const string prefix = "#/$defs/";
        if (!reference.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Only local '{prefix}NAME' references are supported, got '{reference}'.");
        }

        return root["$defs"]?[reference[prefix.Length..]] ?? throw new InvalidOperationException($"Unresolved reference '{reference}'.");
    }

    /// <summary>JSON Schema patterns are ECMA-262 regular expressions, where '$' (without the m flag) is the end of the input only.</summary>
    private static bool Matches(string pattern, string text)
    {
        var dotnet = pattern.EndsWith('$') ? pattern[..^1] + @"\z" : pattern;
        return Regex.IsMatch(text, dotnet, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    private static void CheckBound(string keyword, double bound, JsonNode? instance, string path, List<string> errors)
    {
        if (instance is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
        {
            return;
        }

        var number = Number(v);
        var ok = keyword switch
        {
            "minimum" => number >= bound,
            "maximum" => number <= bound,
            _ => number > bound,
        };
        if (!ok)
        {
            errors.Add($"{path}: {number.ToString(CultureInfo.InvariantCulture)} violates {keyword} {bound.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    /// <summary>Numbers built in code hold an int or a double; reading them back as text treats both alike.</summary>
    private static double Number(JsonNode node) => double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static bool HasType(JsonNode? instance, string type) => type switch
    {
        "integer" => instance is JsonValue v && v.GetValueKind() == JsonValueKind.Number && Number(v) % 1 == 0,
        _ => Kind(instance) == type || (type == "number" && Kind(instance) == "integer"),
    };

    private static string Kind(JsonNode? instance) => instance?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.String => "string",
        JsonValueKind.Number => Number(instance) % 1 == 0 ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Array => "array",
        _ => "object",
    };
}
