using System.Globalization;
using Messier.Workflows.Activities;
using Messier.Workflows.Definitions;

namespace Messier.Benchmarks;

/// <summary>The workflows the benchmarks run, written as a user would write them (JSON definitions).</summary>
public static class BenchWorkflows
{
    /// <summary>The default activities plus the bench-only no-op step.</summary>
    public static ActivityRegistry Registry() => ActivityRegistry.CreateDefault().Register(new NoOpStepActivity());

    /// <summary>A ForEach over <paramref name="steps"/> items whose body is one durable no-op step: 2 commits per item.</summary>
    public static WorkflowDefinition DurableLoop(ActivityRegistry registry, int steps) => Load(registry, $$"""
        {
          "name": "bench-durable-steps",
          "root": {
            "type": "ForEach",
            "id": "each",
            "items": [{{Items(steps)}}],
            "body": { "type": "{{NoOpStepActivity.TypeName}}", "id": "step" }
          }
        }
        """);

    /// <summary>
    /// A ForEach over <paramref name="items"/> items whose body is control flow only (no commit):
    /// Sequence → SetVariable (expression) → If (expression) → SetVariable (expression).
    /// Four control-flow activities run per item.
    /// </summary>
    public static WorkflowDefinition ControlFlowLoop(ActivityRegistry registry, int items) => Load(registry, $$"""
        {
          "name": "bench-control-flow",
          "variables": { "total": 0, "evens": 0, "odds": 0 },
          "outputs": { "total": { "js": "vars.total" } },
          "root": {
            "type": "ForEach",
            "id": "each",
            "items": [{{Items(items)}}],
            "body": {
              "type": "Sequence",
              "id": "body",
              "activities": [
                { "type": "SetVariable", "id": "add", "name": "total", "value": { "js": "vars.total + vars.item" } },
                {
                  "type": "If",
                  "id": "parity",
                  "condition": { "js": "vars.item % 2 === 0" },
                  "then": { "type": "SetVariable", "id": "even", "name": "evens", "value": { "js": "vars.evens + 1" } },
                  "else": { "type": "SetVariable", "id": "odd", "name": "odds", "value": { "js": "vars.odds + 1" } }
                }
              ]
            }
          }
        }
        """);

    /// <summary>
    /// The same shape as <see cref="ControlFlowLoop"/> with literal values and a literal condition:
    /// no JavaScript at all, so what is left is the interpreter's own work.
    /// </summary>
    public static WorkflowDefinition ControlFlowLiteralLoop(ActivityRegistry registry, int items) => Load(registry, $$"""
        {
          "name": "bench-control-flow-literals",
          "variables": { "last": null, "flag": false },
          "root": {
            "type": "ForEach",
            "id": "each",
            "items": [{{Items(items)}}],
            "body": {
              "type": "Sequence",
              "id": "body",
              "activities": [
                { "type": "SetVariable", "id": "mark", "name": "last", "value": "seen" },
                {
                  "type": "If",
                  "id": "always",
                  "condition": true,
                  "then": { "type": "SetVariable", "id": "yes", "name": "flag", "value": true },
                  "else": { "type": "SetVariable", "id": "no", "name": "flag", "value": false }
                }
              ]
            }
          }
        }
        """);

    private static string Items(int count) => string.Join(",", Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture)));

    private static WorkflowDefinition Load(ActivityRegistry registry, string json)
    {
        var result = new DefinitionLoader(registry).Load(json, "bench.json");
        return result.Definition ?? throw new InvalidOperationException("A bench workflow does not load: " + string.Join("; ", result.Errors));
    }
}
