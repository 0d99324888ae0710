using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Messier.Workflows.Definitions;
using Messier.Workflows.Expressions;
using Messier.Workflows.Journal;
using Messier.Workflows.Runtime;

namespace Messier.Benchmarks;

/// <summary>
/// Task 1b: control-flow steps/s, with no commit between them. The workflow is a ForEach over
/// <see cref="Items"/> items whose body runs Sequence → SetVariable → If → SetVariable (four
/// control-flow activities per item, three JavaScript expressions). The baseline is a plain C#
/// loop that does the same work without the interpreter: the same three expressions through the
/// same <see cref="JavaScriptEvaluator"/>, over the same JSON scope (variables copied, the loop item
/// on top), and the same variable updates. The Ratio is therefore the interpreter's own overhead
/// (frames, queue, scheduling, scope building) on top of the expression work it cannot avoid.
/// With <see cref="Values"/> = literals the same workflow has literal values and a literal
/// condition instead (no JavaScript), and the baseline loop only sets the same variables: the
/// Ratio is then the interpreter's whole cost against bare JSON mutations.
/// The engine runs over <see cref="InMemoryWorkflowJournal"/>: the run's only writes (instance
/// created, finished, lease released) are not what this benchmark is about; the durable benchmark
/// measures them.
/// </summary>
[Config(typeof(ShortMacroBenchmarkConfig))]
public class ControlFlowBenchmarks
{
    public const int Items = 1000;

    /// <summary>Control-flow activities that run per item: Sequence, SetVariable, If, SetVariable.</summary>
    public const int StepsPerItem = 4;

    private const int Steps = Items * StepsPerItem;

    /// <summary>"expressions" (three JavaScript expressions per item) or "literals" (none).</summary>
    [Params("expressions", "literals")]
    public string Values { get; set; } = "expressions";

    private WorkflowEngine _engine = null!;
    private WorkflowDefinition _definition = null!;
    private JavaScriptEvaluator _evaluator = null!;
    private long _expectedTotal;

    [GlobalSetup]
    public void Setup()
    {
        var registry = BenchWorkflows.Registry();
        _definition = Values == "literals" ? BenchWorkflows.ControlFlowLiteralLoop(registry, Items) : BenchWorkflows.ControlFlowLoop(registry, Items);
        _engine = new WorkflowEngine(new InMemoryWorkflowJournal(), registry, new NoCommandRunner());
        _evaluator = new JavaScriptEvaluator();
        _expectedTotal = (long)Items * (Items - 1) / 2;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Steps, Description = "plain C# loop, same expressions")]
    public long PlainLoop()
    {
        if (Values == "literals")
        {
            return PlainLiteralLoop();
        }

        var input = new JsonObject();
        var steps = new JsonObject();
        var variables = new JsonObject { ["total"] = 0, ["evens"] = 0, ["odds"] = 0 };
        for (var index = 0; index < Items; index++)
        {
            variables["total"] = _evaluator.Evaluate("vars.total + vars.item", Scope(input, variables, steps, index));
            var even = _evaluator.Evaluate("vars.item % 2 === 0", Scope(input, variables, steps, index));
            if (even is JsonValue value && value.GetValue<bool>())
            {
                variables["evens"] = _evaluator.Evaluate("vars.evens + 1", Scope(input, variables, steps, index));
            }
            else
            {
                variables["odds"] = _evaluator.Evaluate("vars.odds + 1", Scope(input, variables, steps, index));
            }
        }

        var total = _evaluator.Evaluate("vars.total", new ExpressionScope(input, (JsonObject)variables.DeepClone(), steps))!.GetValue<long>();
        return total == _expectedTotal ? total : throw new InvalidOperationException($"The plain loop summed {total}, not {_expectedTotal}.");
    }

    [Benchmark(OperationsPerInvoke = Steps, Description = "WorkflowEngine, control flow only")]
    public long Engine()
    {
        var result = _engine.StartAsync(_definition, new Dictionary<string, JsonNode?>(), CancellationToken.None).GetAwaiter().GetResult();
        if (Values == "literals")
        {
            return result.Status == InstanceStatus.Finished ? Items : throw new InvalidOperationException($"The workflow ended {result.Status}: {result.Message}");
        }

        var total = result.Status == InstanceStatus.Finished ? result.Outputs?["total"]?.GetValue<long>() : null;
        return total == _expectedTotal ? total.Value : throw new InvalidOperationException($"The workflow ended {result.Status} with total {total}: {result.Message}");
    }

    /// <summary>The literal workflow's mutations without the interpreter: per item, the loop scope and the two variables it sets.</summary>
    private static long PlainLiteralLoop()
    {
        var variables = new JsonObject { ["last"] = null, ["flag"] = false };
        for (var index = 0; index < Items; index++)
        {
            var scope = new JsonObject { ["item"] = index, ["index"] = index };
            variables["last"] = "seen";
            if (scope.Count > 0)
            {
                variables["flag"] = true;
            }
        }

        return variables["flag"]!.GetValue<bool>() ? Items : throw new InvalidOperationException("The literal loop did not set its flag.");
    }

    /// <summary>What the interpreter shows an expression inside the loop: the variables, with the loop's item and index on top.</summary>
    private static ExpressionScope Scope(JsonObject input, JsonObject variables, JsonObject steps, int index)
    {
        var vars = (JsonObject)variables.DeepClone();
        vars["item"] = index;
        vars["index"] = index;
        return new ExpressionScope(input, vars, steps);
    }
}
