using System.Text.Json.Nodes;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Journal;
using Messier.Workflows.Runtime;
using Messier.Workflows.Tests.Support;

namespace Messier.Workflows.Tests.Runtime;

/// <summary>Call runs a child instance and waits for it, through suspension, faults and retries.</summary>
public sealed class CallTests
{
    private const string Parent = """
        {"name":"parent","outputs":{"doubled":{"js":"steps.call.doubled"},"child":{"js":"steps.call.instanceId"}},
         "root":{"type":"Sequence","activities":[
           {"type":"Call","id":"call","definition":"child","input":{"n":{"js":"20 + 1"}}},
           {"type":"Probe","id":"after"}]}}
        """;

    [Fact]
    public async Task A_child_runs_with_its_inputs_and_its_outputs_come_back()
    {
        var fixture = new EngineFixture();
        fixture.Named["child"] = """{"name":"child","inputs":{"n":{"type":"integer","required":true}},"outputs":{"doubled":{"js":"input.n * 2"}},"root":{"type":"Probe","id":"work"}}""";

        var result = await fixture.StartAsync(Parent);

        Assert.Equal(InstanceStatus.Finished, result.Status);
        Assert.Equal(42, result.Outputs!["doubled"]!.GetValue<int>());
        var childId = result.Outputs!["child"]!.GetValue<string>();
        var child = await fixture.Journal.FindInstanceAsync(childId, default);
        Assert.Equal(result.InstanceId, child!.ParentInstanceId);
        Assert.Equal(InstanceStatus.Finished, child.Status);
    }

    [Fact]
    public async Task A_suspended_child_suspends_its_parent_and_approving_the_parent_finishes_both()
    {
        var fixture = new EngineFixture();
        fixture.Named["child"] = """{"name":"child","inputs":{"n":{"type":"integer"}},"outputs":{"doubled":{"js":"input.n * 2"}},"root":{"type":"Approve","message":"ok to proceed?"}}""";

        var suspended = await fixture.StartAsync(Parent);
        Assert.Equal(InstanceStatus.Suspended, suspended.Status);
        Assert.Contains("ok to proceed?", suspended.Message, StringComparison.Ordinal);
        Assert.Equal(0, fixture.Probe.CountOf("apply", "after"));

        var approved = await fixture.Engine.ApproveAsync(suspended.InstanceId, null, null, default);

        Assert.Equal(suspended.InstanceId, approved.InstanceId);
        Assert.Equal(InstanceStatus.Finished, approved.Status);
        Assert.Equal(42, approved.Outputs!["doubled"]!.GetValue<int>());
        Assert.Equal(1, fixture.Probe.CountOf("apply", "after"));
    }

    [Fact]
    public async Task A_faulted_child_faults_the_parent_and_retrying_the_parent_retries_the_child()
    {
        var broken = true;
        var probe = new ProbeStepActivity(apply: (context, _) =>
            context.Node.Id == "work" && broken ? throw new StepFailedException("device busy") : Task.FromResult(StepResult.Done()));
        var fixture = new EngineFixture(probe);
        fixture.Named["child"] = """{"name":"child","inputs":{"n":{"type":"integer"}},"outputs":{"doubled":{"js":"input.n * 2"}},"root":{"type":"Probe","id":"work"}}""";

        var faulted = await fixture.StartAsync(Parent);
        Assert.Equal(InstanceStatus.Faulted, faulted.Status);
        Assert.Contains("device busy", faulted.Message, StringComparison.Ordinal);

        broken = false;
        var retried = await fixture.Engine.RetryAsync(faulted.InstanceId, default);

        Assert.Equal(InstanceStatus.Finished, retried.Status);
        Assert.Equal(2, probe.CountOf("apply", "work"));
        Assert.Single(await fixture.Journal.ListInstancesAsync(new InstanceQuery([], DefinitionName: "child"), default));
    }

    [Fact]
    public async Task Calling_an_unknown_definition_faults_naming_it()
    {
        var fixture = new EngineFixture();

        var result = await fixture.StartAsync("""{"name":"p","root":{"type":"Call","id":"call","definition":"nowhere"}}""");

        Assert.Equal(InstanceStatus.Faulted, result.Status);
        Assert.Contains("Call 'nowhere'", result.Message, StringComparison.Ordinal);
        Assert.Contains("no such definition", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Definitions_that_call_each_other_without_end_fault_at_the_depth_limit()
    {
        // Found by the definition fuzzer: unbounded, a dry run's chain of linked cancellations overflowed the stack when cancelled.
        var fixture = new EngineFixture();
        const string Ping = """{"name":"ping","root":{"type":"Call","id":"call","definition":"pong"}}""";
        fixture.Named["ping"] = Ping;
        fixture.Named["pong"] = """{"name":"pong","root":{"type":"Call","id":"call","definition":"ping"}}""";

        var result = await fixture.StartAsync(Ping);

        Assert.Equal(InstanceStatus.Faulted, result.Status);
        Assert.Contains($"Calls nest more than {WorkflowEngine.MaxCallDepth} deep", result.Message, StringComparison.Ordinal);
        var instances = await fixture.Journal.ListInstancesAsync(new InstanceQuery([]), default);
        Assert.Equal(1 + WorkflowEngine.MaxCallDepth, instances.Count);
    }

    [Fact]
    public async Task A_definition_that_calls_itself_from_a_parallel_loop_stops_at_the_call_budget()
    {
        // Found by the fuzzer: within the depth limit, three calls per level would still start 3^32 children.
        var fixture = new EngineFixture();
        const string Fork = """{"name":"fork","root":{"type":"ForEach","items":[1,2,3],"parallelism":3,"body":{"type":"Call","id":"again","definition":"fork"}}}""";
        fixture.Named["fork"] = Fork;

        var result = await fixture.StartAsync(Fork);

        Assert.Equal(InstanceStatus.Faulted, result.Status);
        // Which limit a branch meets first depends on how the parallel branches interleave; the count is what must be bounded.
        Assert.True(
            result.Message!.Contains($"more than {WorkflowEngine.MaxCallsBelowOneCall} Calls below one Call", StringComparison.Ordinal)
            || result.Message.Contains($"Calls nest more than {WorkflowEngine.MaxCallDepth} deep", StringComparison.Ordinal),
            result.Message);
        var instances = await fixture.Journal.ListInstancesAsync(new InstanceQuery([]), default);
        Assert.InRange(instances.Count, WorkflowEngine.MaxCallDepth, 3 * (WorkflowEngine.MaxCallsBelowOneCall + 1));
    }

    [Fact]
    public async Task A_dry_run_of_a_definition_that_calls_itself_ends_and_says_why()
    {
        var observer = new RecordingObserver();
        var fixture = new EngineFixture(observer: observer);
        const string Self = """{"name":"self","root":{"type":"Sequence","activities":[{"type":"Log","message":"again"},{"type":"Call","id":"call","definition":"self"}]}}""";
        fixture.Named["self"] = Self;

        var result = await fixture.Engine.DryRunAsync(fixture.Load(Self), new Dictionary<string, JsonNode?>(), default);

        // A dry run reports a failing step after planned ones as part of the plan; the plan must say why it stopped.
        Assert.NotEqual(InstanceStatus.Interrupted, result.Status);
        Assert.Equal(1 + WorkflowEngine.MaxCallDepth, observer.Logs.Count(l => l == "again"));
        Assert.Contains(observer.Plans, p => p.Contains($"Calls nest more than {WorkflowEngine.MaxCallDepth} deep", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_call_interrupted_with_its_child_resumes_the_same_child_not_a_second_one()
    {
        using var stop = new CancellationTokenSource();
        var stopped = false;
        var probe = new ProbeStepActivity(apply: async (context, token) =>
        {
            if (context.Node.Id == "work" && !stopped)
            {
                stopped = true;
                await stop.CancelAsync();
                await Task.Delay(Timeout.Infinite, token);
            }

            return StepResult.Done(new JsonObject());
        });
        var fixture = new EngineFixture(probe, liveness: new FixedLiveness(false));
        fixture.Named["child"] = """{"name":"child","inputs":{"n":{"type":"integer"}},"outputs":{"doubled":{"js":"input.n * 2"}},"root":{"type":"Probe","id":"work"}}""";

        var interrupted = await fixture.StartAsync(Parent, cancellationToken: stop.Token);
        Assert.Equal(InstanceStatus.Interrupted, interrupted.Status);

        var results = await fixture.NewEngine("runner-b").ResumeAllAsync(default);

        var parentResult = Assert.Single(results);
        Assert.Equal(InstanceStatus.Finished, parentResult.Status);
        Assert.Single(await fixture.Journal.ListInstancesAsync(new InstanceQuery([], DefinitionName: "child"), default));
    }
}
