using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Messier.Workflows.Tests.Fuzzing;

/// <summary>
/// Turns a seed definition into a malformed or unusual one, deterministically from a seed: the
/// same seed always gives the same text, so a failure reproduces from the number it prints.
/// Structural mutations work on the parsed tree (so they reach the validator beyond the JSON
/// parser); textual ones break the JSON itself.
/// </summary>
internal sealed partial class DefinitionMutator(Random random)
{
    /// <summary>
    /// Mutations compound (a huge array inside a deep nest), and a multi-megabyte case costs
    /// seconds without finding more; past this a mutation is not taken.
    /// </summary>
    public const int MaxTextLength = 256 * 1024;

    /// <summary>Values of every JSON type and some that look like another type, or that stress a parser or a number conversion.</summary>
    private static readonly string[] OddValues =
    [
        "null", "true", "false", "0", "-1", "-0", "1.5", "1e308", "-1e308", "1e309", "-1e309", "1e-400", "4e9", "9e15", "1e12", "5000000", "86401",
        "123456789012345678901234567890", "0.1e1", "2147483648", "-9223372036854775809",
        "\"\"", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1e999\"", "\"0x10\"", "\"true\"", "\"null\"", "\" \"", "\"-rf\"", "\"--\"", "\"../..\"",
        "\"$(touch /tmp/pwned-fuzz)\"", "\"`id`\"", "\"a;b\"", "\"\\u0000\"", "\"\\u001b[31m\"", "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\u202e\"", "\"\\ufeff\"", "\"émoji 🚀\"",
        "[]", "{}", "[[]]", "[null]", "[1, \"a\", {}]", "{\"js\": 1}", "{\"js\": \"1\", \"x\": 2}", "{\"js\": null}", "{\"js\": \"\"}",
        "{\"type\": \"Log\", \"message\": \"x\"}", "{\"type\": \"Sequence\", \"activities\": []}", "{\"type\": \"Finish\"}",
    ];

    /// <summary>Expressions that do not parse, parse but fail, or try to leave the sandbox or exhaust it.</summary>
    private static readonly string[] Expressions =
    [
        "", " ", "(", ")", "}", "{", "input.", "vars..x", "1 +", "`unterminated", "'unterminated", "/* open", "return 1", "yield 1", "await 1",
        "undefined", "null", "NaN", "Infinity", "-0", "1/0", "0/0", "[]", "({})", "({a: 1})", "new Date()", "Symbol()", "10n", "() => 1",
        "input.nothing.deeper", "vars.x.y.z", "activities.nope.out", "throw new Error('boom')", "throw 1", "null.x",
        "while (true) {}", "for (;;) {}", "(function f() { return f(); })()", "'a'.repeat(1e9)", "new Array(1e9).fill(0)", "Array.from({length: 1e7}, (_, i) => i)",
        "JSON.parse('{')", "JSON.stringify(globalThis)", "Object.keys(this)", "this.constructor.constructor('return 1')()", "require('fs')",
        "import('fs')", "System.IO.File", "importNamespace('System')", "eval('1')", "Function('return 1')()", "new Proxy({}, {})", "Reflect.ownKeys(globalThis)",
        "({toString() { throw 1 }})", "({toJSON() { throw 2 }})", "[1,2,3]", "'\\u0000'", "'x'.padEnd(100000, 'y')", "Math.random()",
        "(() => { const o = {}; o.o = o; return o; })()", "Array(5)", "{ \"a\": 1 }", "input", "vars", "activities",
    ];

    private static readonly string[] TypeNames =
    [
        "Sequence", "Flowchart", "If", "Switch", "ForEach", "Try", "SetVariable", "Log", "Fail", "Finish", "Approve", "Run", "Call",
        "log", "Lgo", "sequence", "Log ", "", "Unknown", "DatasetStatus", "CopyTree", "__proto__", "constructor", "toString", "Run\u0000",
    ];

    private static readonly string[] KeyNames =
    [
        "type", "id", "name", "root", "inputs", "variables", "outputs", "activities", "message", "value", "condition", "then", "else", "cases",
        "connections", "start", "items", "body", "try", "catch", "argv", "observe", "retry", "timeoutSeconds", "definition", "input", "js",
        "", " ", "$schema", "__proto__", "constructor", "a.b", "a[0]", "$", "é", "🚀", "\u0000", "\n", "Type", "ID", "root ",
    ];

    private readonly List<string> applied = [];

    /// <summary>What the last <see cref="Mutate"/> did, for the failure report.</summary>
    public IReadOnlyList<string> Applied => applied;

    public string Mutate(string seed)
    {
        applied.Clear();
        var text = seed;
        var steps = 1 + random.Next(4);
        for (var i = 0; i < steps; i++)
        {
            text = MutateOnce(text);
        }

        return text;
    }

    private string MutateOnce(string text)
    {
        // Mostly structural (they reach the validator); text mutations end in a JSON error nearly always.
        var tree = TryParse(text);
        if (tree is null || random.Next(100) < 8)
        {
            return MutateText(text);
        }

        var choice = random.Next(17);
        var description = choice switch
        {
            0 => DeleteKey(tree),
            1 => RenameKey(tree),
            2 => ReplaceValue(tree, OddValues[random.Next(OddValues.Length)]),
            3 => ReplaceWithExpression(tree),
            4 => ChangeActivityType(tree),
            5 => DuplicateId(tree),
            6 => DanglingConnection(tree),
            7 => Cycle(tree),
            8 => DeepNesting(tree),
            9 => HugeArray(tree),
            10 => EmptyArrays(tree),
            11 => CopySubtree(tree),
            12 => AddKey(tree),
            13 => RemoveArrayItem(tree),
            14 => SwapTypes(tree),
            15 => SelfCall(tree),
            _ => ReplaceString(tree),
        };

        if (description is null)
        {
            return MutateText(text);
        }

        if (Serialize(tree) is not { } output || output.Length > MaxTextLength)
        {
            return MutateText(text);
        }

        applied.Add(description);
        if (random.Next(100) < 6)
        {
            output = DuplicateKeyInText(output);
        }

        return output;
    }

    private static JsonNode? TryParse(string text)
    {
        try
        {
            var tree = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 4096 });

            // A repeated key parses, and throws only when its object is first read: read them all now.
            _ = Walk(tree).Count();
            return tree;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The tree as text; null when it cannot be written (an escaped lone surrogate cannot be unescaped).</summary>
    private string? Serialize(JsonNode tree)
    {
        try
        {
            return tree.ToJsonString(new JsonSerializerOptions { WriteIndented = random.Next(2) == 0, MaxDepth = 4096 });
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    // ---- text mutations -------------------------------------------------------------------

    private string MutateText(string text)
    {
        var at = text.Length == 0 ? 0 : random.Next(text.Length + 1);
        switch (random.Next(8))
        {
            case 0:
                applied.Add($"truncate at {at}");
                return text[..at];
            case 1:
                var bytes = RandomChars(1 + random.Next(8));
                applied.Add($"insert random chars at {at}");
                return text.Insert(at, bytes);
            case 2:
                var odd = Unicode[random.Next(Unicode.Length)];
                applied.Add($"insert unicode U+{(int)odd[0]:X4}… at {at}");
                return text.Insert(at, odd);
            case 3:
                var length = Math.Min(text.Length - at, 1 + random.Next(40));
                applied.Add($"delete {length} chars at {at}");
                return text.Remove(at, length);
            case 4:
                var span = Math.Min(text.Length - at, 1 + random.Next(200));
                applied.Add($"duplicate {span} chars at {at}");
                return text.Length > MaxTextLength ? text : text.Insert(at, text.Substring(at, span));
            case 5:
                applied.Add("duplicate a key");
                return DuplicateKeyInText(text);
            case 6:
                var open = random.Next(2) == 0 ? "[" : "{\"a\":";
                var depth = 200 + random.Next(400);
                applied.Add($"insert {depth} × '{open}' at {at}");
                return text.Insert(at, string.Concat(Enumerable.Repeat(open, depth)));
            default:
                var index = text.IndexOf('"', at < text.Length ? at : 0);
                applied.Add("flip a quote");
                return index < 0 ? text + "\"" : text.Remove(index, 1).Insert(index, random.Next(2) == 0 ? "'" : "\\\"");
        }
    }

    private static readonly string[] Unicode =
    [
        "\u0000", "\u0001", "\u001b", "\u007f", "\u0085", "\u00a0", "\u2028", "\u2029", "\u200b", "\u202e", "\ufeff", "\ufffd", "\uffff",
        "\ud800", "\udc00", "\ud83d\ude80", "é", "\u0301", "中文", "\r", "\r\n", "\t", "\\", "\\u", "\\ud800", "\\udfff", "\\udfff\\ud800", "\\ud83d\\ude80", "\"", "//", "/*", "*/",
    ];

    private string RandomChars(int count)
    {
        var builder = new StringBuilder(count);
        for (var i = 0; i < count; i++)
        {
            builder.Append((char)(random.Next(3) switch
            {
                0 => random.Next(0x20),
                1 => random.Next(0x20, 0x7f),
                _ => random.Next(0x80, 0xffff),
            }));
        }

        return builder.ToString();
    }

    [GeneratedRegex("\"([^\"\\\\]{1,40})\"\\s*:")]
    private static partial Regex KeyPattern();

    private string DuplicateKeyInText(string text)
    {
        var keys = KeyPattern().Matches(text);
        if (keys.Count == 0)
        {
            return text;
        }

        var key = keys[random.Next(keys.Count)];
        return text.Insert(key.Index, $"{key.Value} {OddValues[random.Next(OddValues.Length)]}, ");
    }

    // ---- structural mutations ---------------------------------------------------------------

    private List<JsonObject> Objects(JsonNode tree) => Walk(tree).OfType<JsonObject>().ToList();

    private static List<JsonObject> Activities(JsonNode tree) =>
        Walk(tree).OfType<JsonObject>().Where(o => o["type"] is JsonValue v && v.GetValueKind() == JsonValueKind.String && o.Parent is not null && !IsInputSpec(o)).ToList();

    /// <summary>An input declaration has a "type" too ("string"), but is no activity.</summary>
    private static bool IsInputSpec(JsonObject obj) =>
        obj.Parent is JsonObject inputs && inputs.Parent is JsonObject && inputs.GetPropertyName() == "inputs";

    private static IEnumerable<JsonNode> Walk(JsonNode? node)
    {
        if (node is null)
        {
            yield break;
        }

        var stack = new Stack<JsonNode>();
        stack.Push(node);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            yield return current;
            switch (current)
            {
                case JsonObject obj:
                    foreach (var (_, child) in obj)
                    {
                        if (child is not null)
                        {
                            stack.Push(child);
                        }
                    }

                    break;
                case JsonArray array:
                    foreach (var child in array)
                    {
                        if (child is not null)
                        {
                            stack.Push(child);
                        }
                    }

                    break;
            }
        }
    }

    private T? Pick<T>(IReadOnlyList<T> items) where T : class => items.Count == 0 ? null : items[random.Next(items.Count)];

    private string? DeleteKey(JsonNode tree)
    {
        var obj = Pick(Objects(tree).Where(o => o.Count > 0).ToList());
        if (obj is null)
        {
            return null;
        }

        var key = obj.ElementAt(random.Next(obj.Count)).Key;
        obj.Remove(key);
        return $"delete {obj.GetPath()}.{key}";
    }

    private string? RenameKey(JsonNode tree)
    {
        var obj = Pick(Objects(tree).Where(o => o.Count > 0).ToList());
        if (obj is null)
        {
            return null;
        }

        var key = obj.ElementAt(random.Next(obj.Count)).Key;
        var renamed = random.Next(3) switch
        {
            0 => KeyNames[random.Next(KeyNames.Length)],
            1 => key.Length > 1 ? key[1..] + key[0] : key + key,
            _ => key.ToUpperInvariant(),
        };
        if (obj.ContainsKey(renamed))
        {
            return null;
        }

        var value = obj[key];
        obj.Remove(key);
        obj[renamed] = value;
        return $"rename {obj.GetPath()}.{key} to '{renamed}'";
    }

    private string? ReplaceValue(JsonNode tree, string json)
    {
        var target = Pick(Walk(tree).Where(n => n.Parent is not null).ToList());
        if (target is null)
        {
            return null;
        }

        var path = target.GetPath();
        Put(target, JsonNode.Parse(json));
        return $"replace {path} with {json}";
    }

    private static void Put(JsonNode target, JsonNode? replacement)
    {
        switch (target.Parent)
        {
            case JsonObject parent:
                parent[target.GetPropertyName()] = replacement;
                break;
            case JsonArray array:
                array[target.GetElementIndex()] = replacement;
                break;
        }
    }

    private string? ReplaceWithExpression(JsonNode tree)
    {
        var code = Expressions[random.Next(Expressions.Length)];
        return ReplaceValue(tree, new JsonObject { ["js"] = code }.ToJsonString());
    }

    private string? ChangeActivityType(JsonNode tree)
    {
        var activity = Pick(Activities(tree));
        if (activity is null)
        {
            return null;
        }

        var type = TypeNames[random.Next(TypeNames.Length)];
        activity["type"] = type;
        return $"set {activity.GetPath()}.type to '{type}'";
    }

    private string? DuplicateId(JsonNode tree)
    {
        var activities = Activities(tree);
        if (activities.Count < 2)
        {
            return null;
        }

        var first = activities[random.Next(activities.Count)];
        var second = activities[random.Next(activities.Count)];
        var id = first["id"]?.DeepClone() ?? "same";
        first["id"] = id.DeepClone();
        second["id"] = id;
        return $"give {first.GetPath()} and {second.GetPath()} the id {id.ToJsonString()}";
    }

    private string? DanglingConnection(JsonNode tree)
    {
        var chart = Pick(Activities(tree).Where(a => a["type"]?.GetValue<string>() == "Flowchart").ToList());
        if (chart is null)
        {
            return null;
        }

        if (random.Next(2) == 0)
        {
            chart["start"] = "missing";
            return $"{chart.GetPath()}.start to a missing id";
        }

        var connections = chart["connections"] as JsonArray ?? [];
        chart["connections"] = connections;
        connections.Add(new JsonObject { ["from"] = random.Next(2) == 0 ? "missing" : IdOf(chart, 0), ["to"] = "missing" });
        return $"connection to a missing id in {chart.GetPath()}";
    }

    private string? Cycle(JsonNode tree)
    {
        var chart = Pick(Activities(tree).Where(a => a["type"]?.GetValue<string>() == "Flowchart").ToList());
        if (chart is null || chart["activities"] is not JsonArray { Count: > 0 } members)
        {
            return null;
        }

        var connections = chart["connections"] as JsonArray ?? [];
        chart["connections"] = connections;
        var from = IdOf(chart, random.Next(members.Count));
        var to = IdOf(chart, random.Next(members.Count));
        connections.Add(new JsonObject { ["from"] = from, ["to"] = to });
        connections.Add(new JsonObject { ["from"] = to, ["to"] = from });
        return $"cycle {from} <-> {to} in {chart.GetPath()}";
    }

    private static string IdOf(JsonObject chart, int index) =>
        chart["activities"] is JsonArray members && index < members.Count && members[index]?["id"] is JsonValue v && v.TryGetValue<string>(out var id) ? id : "missing";

    private string? DeepNesting(JsonNode tree)
    {
        var activity = Pick(Activities(tree));
        if (activity is null)
        {
            return null;
        }

        // Around the reader's depth limit of 256 (each Sequence costs two levels: object and array).
        var depth = random.Next(3) switch { 0 => 20, 1 => 126, _ => 140 };
        JsonNode nested = activity.DeepClone();
        for (var i = 0; i < depth; i++)
        {
            nested = random.Next(4) == 0
                ? new JsonObject { ["type"] = "Try", ["try"] = nested }
                : new JsonObject { ["type"] = "Sequence", ["activities"] = new JsonArray(nested) };
        }

        var path = activity.GetPath();
        Put(activity, nested);
        return $"nest {path} in {depth} containers";
    }

    private string? HugeArray(JsonNode tree)
    {
        var array = Pick(Walk(tree).OfType<JsonArray>().Where(a => a.Count > 0).ToList());
        if (array is null)
        {
            return null;
        }

        var template = array[random.Next(array.Count)];
        var count = Math.Min(random.Next(2) == 0 ? 2_000 : 20_000, MaxTextLength / Math.Max(1, template?.ToJsonString().Length ?? 4));
        for (var i = array.Count; i < count; i++)
        {
            var copy = template?.DeepClone();
            if (copy is JsonObject obj && obj.ContainsKey("id"))
            {
                obj["id"] = $"copy{i}";
            }

            array.Add(copy);
        }

        return $"grow {array.GetPath()} to {count} items";
    }

    private string? EmptyArrays(JsonNode tree)
    {
        var arrays = Walk(tree).OfType<JsonArray>().Where(a => a.Parent is not null).ToList();
        var array = Pick(arrays);
        if (array is null)
        {
            return null;
        }

        var path = array.GetPath();
        Put(array, new JsonArray());
        return $"empty {path}";
    }

    private string? CopySubtree(JsonNode tree)
    {
        var nodes = Walk(tree).Where(n => n.Parent is not null).ToList();
        var source = Pick(nodes);
        var target = Pick(nodes);
        if (source is null || target is null || ReferenceEquals(source, target))
        {
            return null;
        }

        var path = target.GetPath();
        var from = source.GetPath();
        Put(target, source.DeepClone());
        return $"copy {from} over {path}";
    }

    private string? AddKey(JsonNode tree)
    {
        var obj = Pick(Objects(tree));
        if (obj is null)
        {
            return null;
        }

        var key = KeyNames[random.Next(KeyNames.Length)];
        if (obj.ContainsKey(key))
        {
            return null;
        }

        var value = OddValues[random.Next(OddValues.Length)];
        obj[key] = JsonNode.Parse(value);
        return $"add {obj.GetPath()}.{key} = {value}";
    }

    private string? RemoveArrayItem(JsonNode tree)
    {
        var array = Pick(Walk(tree).OfType<JsonArray>().Where(a => a.Count > 0).ToList());
        if (array is null)
        {
            return null;
        }

        var index = random.Next(array.Count);
        array.RemoveAt(index);
        return $"remove {array.GetPath()}[{index}]";
    }

    /// <summary>A value of the same place, but of another JSON type: a string where a number was, an object for an array.</summary>
    private string? SwapTypes(JsonNode tree)
    {
        var target = Pick(Walk(tree).Where(n => n.Parent is not null).ToList());
        if (target is null)
        {
            return null;
        }

        JsonNode? swapped = target switch
        {
            JsonArray array => new JsonObject(array.Select((item, i) => KeyValuePair.Create(i.ToString(CultureInfo.InvariantCulture), item?.DeepClone()))),
            JsonObject obj => new JsonArray(obj.Select(p => p.Value?.DeepClone()).ToArray()),
            JsonValue value when value.GetValueKind() == JsonValueKind.String => JsonNode.Parse(random.Next(2) == 0 ? "0" : "true"),
            JsonValue value => JsonValue.Create(value.ToJsonString()),
            _ => null,
        };
        var path = target.GetPath();
        Put(target, swapped);
        return $"swap the type of {path}";
    }

    private string? SelfCall(JsonNode tree)
    {
        var activity = Pick(Activities(tree));
        if (activity is null || tree["name"] is not JsonValue name)
        {
            return null;
        }

        var path = activity.GetPath();
        Put(activity, new JsonObject { ["type"] = "Call", ["id"] = "self-call", ["definition"] = name.DeepClone() });
        return $"{path} calls its own definition";
    }

    private string? ReplaceString(JsonNode tree)
    {
        var target = Pick(Walk(tree).OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String && v.Parent is not null).ToList());
        if (target is null)
        {
            return null;
        }

        var text = target.GetValue<string>();
        var replaced = random.Next(5) switch
        {
            0 => new string('x', 10_000),
            1 => text + Unicode[random.Next(Unicode.Length)],
            2 => string.Empty,
            3 => "-" + text,
            _ => text + "\n" + text,
        };
        var path = target.GetPath();
        Put(target, JsonValue.Create(replaced));
        return $"change the string at {path}";
    }
}
