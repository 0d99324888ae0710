using System.Text.Json;
using System.Text.Json.Nodes;

namespace Messier.Workflows.Expressions;

/// <summary>
/// How expressions are written: an object with the single property <c>js</c>, anywhere a value may
/// stand. Plain strings are never evaluated, so a user's <c>$()</c> or <c>${x}</c> stays text.
/// </summary>
public static class ExpressionSyntax
{
    public const string JavaScriptKey = "js";

    public static bool IsExpression(JsonNode? node, out string code)
    {
        code = string.Empty;
        if (node is JsonObject obj && obj.Count == 1 && obj.TryGetPropertyValue(JavaScriptKey, out var value)
            && value is JsonValue text && text.GetValueKind() == JsonValueKind.String)
        {
            code = text.GetValue<string>();
            return true;
        }

        return false;
    }

    /// <summary>
    /// An object that uses the <c>js</c> key but is not exactly <c>{"js": "code"}</c>, such as
    /// <c>{"js": 5}</c> or <c>{"js": "x", "y": 1}</c>: almost surely a mistyped expression, which
    /// would otherwise pass as a literal object and never run.
    /// </summary>
    public static bool IsMalformedExpression(JsonNode? node) =>
        node is JsonObject obj && obj.ContainsKey(JavaScriptKey) && !IsExpression(node, out _);

    /// <summary>Every malformed expression inside a value (not those inside one) with its JSON path suffix, for validation.</summary>
    public static IEnumerable<(string PathSuffix, JsonObject Node)> FindMalformedExpressions(JsonNode? node, string pathSuffix = "")
    {
        if (IsMalformedExpression(node))
        {
            yield return (pathSuffix, (JsonObject)node!);
            yield break;
        }

        if (IsExpression(node, out _))
        {
            yield break;
        }

        switch (node)
        {
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var found in FindMalformedExpressions(array[i], $"{pathSuffix}[{i}]"))
                    {
                        yield return found;
                    }
                }

                break;
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    foreach (var found in FindMalformedExpressions(value, $"{pathSuffix}.{key}"))
                    {
                        yield return found;
                    }
                }

                break;
        }
    }

    /// <summary>Every expression inside a value with its JSON path suffix, for validation.</summary>
    public static IEnumerable<(string PathSuffix, string Code)> FindExpressions(JsonNode? node, string pathSuffix = "")
    {
        if (IsExpression(node, out var code))
        {
            yield return (pathSuffix, code);
            yield break;
        }

        switch (node)
        {
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var found in FindExpressions(array[i], $"{pathSuffix}[{i}]"))
                    {
                        yield return found;
                    }
                }

                break;
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    foreach (var found in FindExpressions(value, $"{pathSuffix}.{key}"))
                    {
                        yield return found;
                    }
                }

                break;
        }
    }

    public static bool ContainsExpression(JsonNode? node) => FindExpressions(node).Any();
}
