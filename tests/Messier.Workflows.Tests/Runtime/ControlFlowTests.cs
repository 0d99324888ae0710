using System.Text.Json.Nodes;
using Messier.Workflows.Journal;
using Messier.Workflows.Tests.Support;

namespace Messier.Workflows.Tests.Runtime;

/// <summary>The containers route work as their definitions say, and cost no commit of their own.</summary>
public sealed class ControlFlowTests
{
    [Fact]
    public async Task A_sequence_of_control_flow_steps_commits_only_at_creation_and_finish()
    {
        var fixture = new EngineFixture();
        const string increment = """{"type":"SetVariable","name":"x","value":{"js":"(vars.x ?? 0) + 1"}}""";
        var sets = string.Join(",", Enumerable.Repeat(increment, 100));
        var result = await fixture.StartAsync("""{"name":"t","variables":{"x":0},"outputs":{"x":{"js":"vars.x"}},"root":{"type":"Sequence","activities":[""" + sets + "]}}");

        Assert.Equal(InstanceStatus.Finished, result.Status);
        Assert.Equal(100, result.Outputs!["x"]!.GetValue<int>());
        Assert.Equal(2, fixture.Journal.CommitCount);
    }

    [Fact]
    public async Task Each_side_effecting_step_costs_a_start_commit_and_a_completion_commit()
    {
        var fixture = new EngineFixture();
        var result = await fixture.StartAsync("""{"name":"t","root":{"type":"Sequence","activities":[{"type":"Probe","id":"a"},{"type":"Log","message":"between"},{"type":"Probe","id":"b"}]}}""");

        Assert.Equal(InstanceStatus.Finished, result.Status);
        Assert.Equal(1 + 2 + 2 + 1, fixture.Journal.CommitCount);
        var events = (await fixture.EntriesAsync(result.InstanceId)).Select(e => $"{e.ActivityId}:{e.Event}").ToList();
        Assert.Equal(
            [":instance-created", "a:started", "a:completed", "@root.activities[1]:log", "@root.activities[1]:completed", "b:started", "b:completed", "@root:completed", ":instance-finished"],
            events);
    }

    [Fact]
    public async Task If_runs_the_branch_its_condition_picks_and_ends_with_True_or_False()
    {
        var fixture = new EngineFixture();
        const string json = """
            {"name":"t","inputs":{"n":{"type":"integer","required":true}},
             "root":{"type":"Flowchart","activities":[
                {"type":"If","id":"big","condition":{"js":"input.n > 10"}},
                {"type":"Probe","id":"yes","value":"big"},
                {"type":"Probe","id":"no","value":"small"}],
              "connections":[{"from":"big","outcome":"True","to":"yes"},{"from":"big","outcome":"False","to":"no"}]}}
            """;

        await fixture.StartAsync(json, new JsonObject { ["n"] = 42 });
        await fixture.StartAsync(json, new JsonObject { ["n"] = 1 });

        Assert.Equal(1, fixture.Probe.CountOf("apply", "yes"));
        Assert.Equal(1, fixture.Probe.CountOf("apply", "no"));
    }

    [Fact]
    public async Task Switch_takes_the_first_matching_case_else_default_and_reports_the_label()
    {
        var fixture = new EngineFixture();
        const string json = """
            {"name":"t","inputs":{"pools":{"type":"array","required":true}},"outputs":{"path":{"js":"vars.path"}},
             "root":{"type":"Sequence","activities":[
               {"type":"Switch","id":"which","cases":[
                 {"label":"import","condition":{"js":"input.pools.includes('messier')"},"activity":{"type":"SetVariable","name":"path","value":"import"}},
                 {"label":"abort","condition":{"js":"input.pools.length > 0"},"activity":{"type":"SetVariable","name":"path","value":"abort"}}],
                "default":{"type":"SetVariable","name":"path","value":"fresh"}}]}}
            """;

        var import = await fixture.StartAsync(json, new JsonObject { ["pools"] = new JsonArray("other", "messier") });
        var abort = await fixture.StartAsync(json, new JsonObject { ["pools"] = new JsonArray("other") });
        var fresh = await fixture.StartAsync(json, new JsonObject { ["pools"] = new JsonArray() });

        Assert.Equal("import", import.Outputs!["path"]!.GetValue<string>());
        Assert.Equal("abort", abort.Outputs!["path"]!.GetValue<string>());
        Assert.Equal("fresh", fresh.Outputs!["path"]!.GetValue<string>());
        var completion = (await fixture.EntriesAsync(abort.InstanceId)).Single(e => e.ActivityId == "which" && e.Event == JournalEvents.Completed);
        Assert.Contains("\"outcome\":\"abort\"", completion.DataJson!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForEach_runs_its_body_per_item_with_the_item_in_scope()
    {
        var fixture = new EngineFixture();
        var result = await fixture.StartAsync("""
            {"name":"t","root":{"type":"ForEach","items":["a","b","c"],"variable":"name",
              "body":{"type":"Probe","id":"each","value":{"js":"`${vars.index}:${vars.name}`"}}}}
            """);

        Assert.Equal(InstanceStatus.Finished, result.Status);
        var values = fixture.Probe.Calls.Where(c => c.Call == "apply").Select(c => c.Value!.GetValue<string>()).ToList();
        Assert.Equal(["0:a", "1:b", "2:c"], values);
    }

    [Fact]
    public async Task ForEach_with_parallelism_runs_that_many_bodies_at_once_and_no_more()
    {
        var running = 0;
        var peak = 0;
        var probe = new ProbeStepActivity(apply: async (_, token) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);

            // Each body waits (up to a bound) for the first three to run together, so a slow machine
            // that takes long to start the third does not make a correct engine look sequential.
            for (var waited = 0; Volatile.Read(ref peak) < 3 && waited < 250; waited++)
            {
                await Task.Delay(20, token);
            }

            await Task.Delay(20, token);
            Interlocked.Decrement(ref running);
            return Messier.Workflows.Activities.Contracts.StepResult.Done();
        });
        var fixture = new EngineFixture(probe);
        var result = await fixture.StartAsync("""
            {"name":"t","root":{"type":"ForEach","items":[1,2,3,4,5,6,7],"parallelism":3,"body":{"type":"Probe","id":"each"}}}
            """);

        Assert.Equal(InstanceStatus.Finished, result.Status);
        Assert.Equal(7, probe.CountOf("apply", "each"));
        Assert.Equal(3, peak);
    }

    [Fact]
    public async Task Finish_ends_the_workflow_early_with_its_outputs()
    {
        var fixture = new EngineFixture();
        var result = await fixture.StartAsync("""
            {"name":"t","root":{"type":"Sequence","activities":[
              {"type":"Finish","outputs":{"reason":{"js":"'early'"}}},
              {"type":"Probe","id":"never"}]}}
            """);

        Assert.Equal(InstanceStatus.Finished, result.Status);
        Assert.Equal("early", result.Outputs!["reason"]!.GetValue<string>());
        Assert.Equal(0, fixture.Probe.CountOf("apply", "never"));
    }

    [Fact]
    public async Task Steps_outputs_are_visible_to_later_expressions()
    {
        var fixture = new EngineFixture();
        var result = await fixture.StartAsync("""
            {"name":"t","outputs":{"seen":{"js":"steps.first.echo"}},"root":{"type":"Sequence","activities":[
              {"type":"Probe","id":"first","value":"hello"},
              {"type":"Probe","id":"second","value":{"js":"steps.first.echo + ' again'"}}]}}
            """);

        Assert.Equal("hello", result.Outputs!["seen"]!.GetValue<string>());
        Assert.Equal("hello again", fixture.Probe.Calls.Last(c => c.ActivityId == "second").Value!.GetValue<string>());
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
