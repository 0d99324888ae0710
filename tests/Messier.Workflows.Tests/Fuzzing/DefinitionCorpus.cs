using System.Text.Json.Nodes;
using Messier.Workflows.Activities;
using Messier.Workflows.Tests.Definitions;

namespace Messier.Workflows.Tests.Fuzzing;

/// <summary>
/// What the fuzzer mutates: the shipped flows and samples as they are, the same flows with every
/// host activity swapped for a Log (so they load with the engine's own registry and can be dry
/// run), and small hand-written definitions that reach the control-flow paths the flows do not use
/// (Flowchart, Approve, Run with observe, retries, timeouts).
/// </summary>
internal static class DefinitionCorpus
{
    // Before Seeds: static fields initialise in the order they are written.
    private static readonly string[] HandWritten =
    [
        """
        {"name": "tiny", "root": {"type": "Log", "message": "hello"}}
        """,
        """
        {
          "name": "chart",
          "inputs": {"count": {"type": "integer", "default": 2}, "label": {"type": "string", "required": true}},
          "variables": {"n": 0},
          "outputs": {"n": {"js": "vars.n"}},
          "root": {
            "type": "Flowchart",
            "start": "a",
            "activities": [
              {"type": "SetVariable", "id": "a", "name": "n", "value": {"js": "vars.n + 1"}},
              {"type": "If", "id": "b", "condition": {"js": "vars.n < input.count"}},
              {"type": "Log", "id": "c", "message": {"js": "`done ${input.label} ${vars.n}`"}, "level": "warning"}
            ],
            "connections": [
              {"from": "a", "to": "b"},
              {"from": "b", "outcome": "True", "to": "a"},
              {"from": "b", "outcome": "False", "to": "c"}
            ]
          }
        }
        """,
        """
        {
          "name": "branches",
          "inputs": {"flag": {"type": "boolean", "default": true}, "items": {"type": "array", "default": [1, 2, 3]}},
          "root": {
            "type": "Sequence",
            "activities": [
              {"type": "If", "condition": {"js": "input.flag"}, "then": {"type": "Log", "message": "yes"}, "else": {"type": "Log", "message": "no"}},
              {"type": "Switch", "id": "pick", "cases": [
                {"label": "one", "condition": {"js": "input.items.length === 1"}, "activity": {"type": "Log", "message": "one"}},
                {"label": "many", "condition": true, "activity": {"type": "Log", "message": "many"}}
              ]},
              {"type": "ForEach", "items": {"js": "input.items"}, "variable": "x", "parallelism": 2, "body": {"type": "SetVariable", "name": "last", "value": {"js": "vars.x * 2"}}},
              {"type": "Finish", "outputs": {"last": {"js": "vars.last"}}}
            ]
          }
        }
        """,
        """
        {
          "name": "guarded",
          "timeoutSeconds": 600,
          "root": {
            "type": "Try",
            "try": {"type": "Sequence", "activities": [
              {"type": "Run", "id": "cmd", "argv": ["true"], "observe": ["test", "-e", "/nonexistent"], "timeoutSeconds": 5, "retry": {"attempts": 3, "delaySeconds": 10, "backoffMultiplier": 2, "maxDelaySeconds": 60}},
              {"type": "Fail", "message": {"js": "'failed after ' + JSON.stringify(activities)"}}
            ]},
            "catch": {"type": "Log", "message": {"js": "vars.error.message"}, "level": "error"}
          }
        }
        """,
        """
        {
          "name": "asks",
          "root": {"type": "Sequence", "activities": [
            {"type": "Approve", "id": "ok", "message": "go on?"},
            {"type": "Call", "id": "child", "definition": "tiny", "input": {}},
            {"type": "Run", "argv": ["echo", {"js": "String(1)"}], "env": {"A": "b"}, "stdin": "x", "acceptExitCodes": [0, 1]}
          ]}
        }
        """,
        """
        {
          "name": "caller",
          "inputs": {"text": {"type": "any", "default": null}, "n": {"type": "number", "default": 1.5}, "o": {"type": "object", "default": {}}},
          "root": {"type": "Sequence", "activities": [
            {"type": "Call", "id": "chart", "definition": "chart", "input": {"label": {"js": "String(input.text)"}}},
            {"type": "Call", "id": "branches", "definition": "branches", "input": {"items": {"js": "[input.n]"}}},
            {"type": "SetVariable", "name": "out", "value": {"js": "activities.chart"}}
          ]}
        }
        """,
    ];

    public static IReadOnlyList<FuzzSeed> Seeds { get; } = Build();

    /// <summary>The corpus definitions by name, for Call steps in dry runs (host activities swapped out).</summary>
    public static IReadOnlyDictionary<string, string> EngineOnlyByName { get; } = BuildEngineOnlyByName();

    private static List<FuzzSeed> Build()
    {
        var seeds = new List<FuzzSeed>();
        foreach (var file in RepositoryJsonFiles())
        {
            var text = File.ReadAllText(file);
            var origin = Path.GetRelativePath(RepositoryFiles.Root, file);
            seeds.Add(new FuzzSeed(origin, text));
            if (WithoutHostActivities(text) is { } engineOnly)
            {
                seeds.Add(new FuzzSeed(origin + " (host activities as Log)", engineOnly));
            }
        }

        seeds.AddRange(HandWritten.Select((text, i) => new FuzzSeed($"hand-written #{i}", text)));
        return seeds;
    }

    private static Dictionary<string, string> BuildEngineOnlyByName()
    {
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var seed in Seeds.Where(s => s.Origin.EndsWith("(host activities as Log)", StringComparison.Ordinal) || s.Origin.StartsWith("hand-written", StringComparison.Ordinal)))
        {
            if (JsonNode.Parse(seed.Text)?["name"]?.GetValue<string>() is { } name)
            {
                byName.TryAdd(name, seed.Text);
            }
        }

        return byName;
    }

    private static IEnumerable<string> RepositoryJsonFiles() =>
        Directory.GetFiles(RepositoryFiles.PathOf("workflows"), "*.json")
            .Concat(Directory.GetFiles(RepositoryFiles.PathOf("samples"), "*.json"))
            .Order(StringComparer.Ordinal);

    /// <summary>The definition with each activity the engine does not know replaced by a Log of the same id; null for a text that is not a definition.</summary>
    private static string? WithoutHostActivities(string text)
    {
        if (JsonNode.Parse(text) is not JsonObject { } top || !top.ContainsKey("root"))
        {
            return null;
        }

        var engine = ActivityRegistry.CreateDefault();
        Replace(top, engine);
        return top.ToJsonString();
    }

    private static void Replace(JsonNode? node, ActivityRegistry engine)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (obj[key] is JsonObject child && child["type"] is JsonValue type && type.TryGetValue<string>(out var name)
                        && char.IsUpper(name[0]) && engine.Find(name) is null)
                    {
                        obj[key] = AsLog(child, name);
                    }
                    else
                    {
                        Replace(obj[key], engine);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonObject child && child["type"] is JsonValue type && type.TryGetValue<string>(out var name)
                        && char.IsUpper(name[0]) && engine.Find(name) is null)
                    {
                        array[i] = AsLog(child, name);
                    }
                    else
                    {
                        Replace(array[i], engine);
                    }
                }

                break;
        }
    }

    private static JsonObject AsLog(JsonObject host, string type)
    {
        var log = new JsonObject { ["type"] = "Log", ["message"] = $"was {type}" };
        if (host["id"] is { } id)
        {
            log["id"] = id.DeepClone();
        }

        return log;
    }
}
