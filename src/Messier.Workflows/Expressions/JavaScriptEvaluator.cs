using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Runtime;

namespace Messier.Workflows.Expressions;

/// <summary>
/// Evaluates JavaScript expressions with Jint, as Elsa does, in a sandbox: no CLR access, strict
/// mode, bounded time, memory, statements and recursion. Every evaluation gets a fresh engine, so
/// nothing one expression declares leaks into the next, and values cross as JSON only.
/// </summary>
public sealed class JavaScriptEvaluator
{
    private readonly ExpressionLimits limits;
    private readonly ConcurrentDictionary<string, Prepared<Acornima.Ast.Script>> prepared = new(StringComparer.Ordinal);

    public JavaScriptEvaluator(ExpressionLimits? limits = null)
    {
        this.limits = limits ?? ExpressionLimits.Default;
    }

    /// <summary>Null when the code parses, else the parser's message with line and column.</summary>
    public static string? CheckSyntax(string code)
    {
        try
        {
            _ = Engine.PrepareScript(code, strict: true);
            return null;
        }
        catch (ScriptPreparationException ex)
        {
            return ex.InnerException?.Message ?? ex.Message;
        }
    }

    /// <summary>Evaluates <paramref name="code"/>; its completion value comes back as JSON (undefined as null).</summary>
    public JsonNode? Evaluate(string code, ExpressionScope scope)
    {
        Prepared<Acornima.Ast.Script> script;
        try
        {
            script = prepared.GetOrAdd(code, static c => Engine.PrepareScript(c, strict: true));
        }
        catch (ScriptPreparationException ex)
        {
            throw new ExpressionException($"Expression {Quote(code)} does not parse: {ex.InnerException?.Message ?? ex.Message}", ex);
        }

        var engine = new Engine(options =>
        {
            options.Strict();
            options.TimeoutInterval(limits.Timeout);
            options.LimitMemory(limits.MemoryBytes);
            options.MaxStatements(limits.MaxStatements);
            options.LimitRecursion(limits.MaxRecursion);
        });

        try
        {
            var parser = new Jint.Native.Json.JsonParser(engine);
            engine.SetValue("input", parser.Parse(scope.Input.ToJsonString()));
            engine.SetValue("vars", parser.Parse(scope.Vars.ToJsonString()));
            engine.SetValue("steps", parser.Parse(scope.Steps.ToJsonString()));
            var result = engine.Evaluate(script);
            return ToJson(engine, result, code);
        }
        catch (JavaScriptException ex)
        {
            throw new ExpressionException($"Expression {Quote(code)} failed: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is TimeoutException or MemoryLimitExceededException or StatementsCountOverflowException or RecursionDepthOverflowException)
        {
            throw new ExpressionException($"Expression {Quote(code)} was stopped: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            // Jint's word for a feature the sandbox leaves out, such as import(); found by the definition fuzzer,
            // it went past the interpreter as an unhandled exception.
            throw new ExpressionException($"Expression {Quote(code)} failed: {ex.Message}", ex);
        }
    }

    /// <summary>Replaces every expression inside <paramref name="value"/> by its result; literals are copied.</summary>
    public JsonNode? Resolve(JsonNode? value, ExpressionScope scope)
    {
        if (ExpressionSyntax.IsExpression(value, out var code))
        {
            return Evaluate(code, scope);
        }

        switch (value)
        {
            case JsonArray array:
                var resolvedArray = new JsonArray();
                foreach (var item in array)
                {
                    resolvedArray.Add(Resolve(item, scope));
                }

                return resolvedArray;
            case JsonObject obj:
                var resolvedObject = new JsonObject();
                foreach (var (key, item) in obj)
                {
                    resolvedObject[key] = Resolve(item, scope);
                }

                return resolvedObject;
            default:
                return value?.DeepClone();
        }
    }

    private static JsonNode? ToJson(Engine engine, JsValue result, string code)
    {
        if (result.IsUndefined() || result.IsNull())
        {
            return null;
        }

        if (result is Jint.Native.Function.Function)
        {
            throw new ExpressionException($"Expression {Quote(code)} returned a function; return a value.");
        }

        var text = new Jint.Native.Json.JsonSerializer(engine).Serialize(result);
        if (text.IsUndefined())
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text.AsString());
        }
        catch (JsonException ex)
        {
            throw new ExpressionException($"Expression {Quote(code)} returned a value that is not JSON: {ex.Message}", ex);
        }
    }

    private static string Quote(string code) => code.Length <= 120 ? $"'{code}'" : $"'{code[..117]}...'";
}
