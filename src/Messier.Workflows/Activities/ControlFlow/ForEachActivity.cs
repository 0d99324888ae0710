using System.Text.Json.Nodes;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Definitions;

namespace Messier.Workflows.Activities.ControlFlow;

/// <summary>
/// Runs its body once per item, with the item and its index as loop-local variables; with
/// <c>parallelism</c> above 1, up to that many bodies run at once.
/// </summary>
public sealed class ForEachActivity : ICompositeActivity
{
    private const string ItemsKey = "items";
    private const string NextKey = "next";
    private const string ActiveKey = "active";
    private const string ParallelismKey = "parallelism";

    public ActivityDescriptor Descriptor { get; } = new(
        "ForEach",
        ActivityCategory.ControlFlow,
        "Runs 'body' once per item of 'items', sequentially or with bounded parallelism. The item and its index are visible as vars.<variable> and vars.<indexVariable>.",
        [
            PropertyDescriptor.Value("items", DataType.Array, "The items: an array or an expression giving one.") with { Required = true },
            PropertyDescriptor.Value("variable", DataType.String, "The loop variable's name; not the same as indexVariable.") with { Default = "item", AllowExpression = false, IsIdentifier = true },
            PropertyDescriptor.Value("indexVariable", DataType.String, "The index variable's name; not the same as variable.") with { Default = "index", AllowExpression = false, IsIdentifier = true },
            // The bounds Execute enforces at run time, so a literal out of them is refused at load instead.
            PropertyDescriptor.Value("parallelism", DataType.Integer, "How many bodies may run at once (1 = sequential).") with { Default = 1, Minimum = 1, Maximum = 1024 },
            PropertyDescriptor.Activity("body", "Runs for each item.") with { Required = true },
        ],
        [ActivityDescriptor.Done]);

    public void Execute(CompositeContext context)
    {
        if (context.Evaluate("items") is not JsonArray items)
        {
            context.Fault($"ForEach '{context.Node.Id}': 'items' must be an array.");
            return;
        }

        var parallelism = context.Evaluate("parallelism") is { } p && JsonNumbers.TryGetInt64(p, out var n) ? n : 1;
        if (parallelism > 1024)
        {
            context.Fault($"ForEach '{context.Node.Id}': 'parallelism' must be at most 1024, got {parallelism}.");
            return;
        }

        if (parallelism < 1)
        {
            context.Fault($"ForEach '{context.Node.Id}': 'parallelism' must be at least 1, got {parallelism}.");
            return;
        }

        // Kept in the journal once, not in State: State is written at every commit (see Keep).
        context.Keep(ItemsKey, items);
        context.State[NextKey] = 0;
        context.State[ActiveKey] = 0;
        context.State[ParallelismKey] = (int)parallelism;
        Fill(context);
    }

    public void OnChildCompleted(CompositeContext context, ChildCompletion child)
    {
        context.State[ActiveKey] = (int)context.State[ActiveKey]! - 1;
        Fill(context);
    }

    private static void Fill(CompositeContext context)
    {
        var items = Items(context);
        var next = (int)context.State[NextKey]!;
        var active = (int)context.State[ActiveKey]!;
        var parallelism = (int)context.State[ParallelismKey]!;
        var body = context.Node.Slot("body")[0];
        var variable = Literal(context, "variable", "item");
        var indexVariable = Literal(context, "indexVariable", "index");

        while (active < parallelism && next < items.Count)
        {
            var scope = new JsonObject { [variable] = items[next]?.DeepClone(), [indexVariable] = next };
            context.Schedule(body, scope, next);
            next++;
            active++;
        }

        context.State[NextKey] = next;
        context.State[ActiveKey] = active;
        if (active == 0 && next >= items.Count)
        {
            context.Complete();
        }
    }

    private static JsonArray Items(CompositeContext context)
    {
        if (context.TryGetKept(ItemsKey, out var kept))
        {
            return (JsonArray)kept!;
        }

        // An instance a version before kept values started: its items are still in State.
        return context.State[ItemsKey] as JsonArray
            ?? throw new StepFailedException($"ForEach '{context.Node.Id}' has no items kept (an engine bug).") { Retryable = false };
    }

    private static string Literal(CompositeContext context, string name, string fallback) =>
        context.Node.Properties.TryGetValue(name, out var value) && value is JsonValue v ? v.GetValue<string>() : fallback;
}
