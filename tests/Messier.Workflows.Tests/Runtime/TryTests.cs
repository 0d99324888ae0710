using System.Text.Json.Nodes;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Journal;
using Messier.Workflows.Tests.Support;

namespace Messier.Workflows.Tests.Runtime;

/// <summary>Try takes over faults of its 'try' branch, runs 'catch' with the error, and lets other faults through.</summary>
public sealed class TryTests
{
    private static ProbeStepActivity FailingAt(params string[] ids) => new(apply: (context, _) =>
        ids.Contains(context.Node.Id)
            ? throw new StepFailedException($"{context.Node.Id} broke") { Retryable = false }
            : Task.FromResult(StepResult.Done()));

    [Fact]
    public async Task A_fault_in_try_skips_the_rest_of_try_runs_catch_with_the_error_and_the_flow_goes_on()
    {
        var fixture = new EngineFixture(FailingAt("copy"));
        var result = await fixture.StartAsync("""
            {"name":"t","variables":{"caught":null,"outcome":null},
             "outputs":{"error":{"js":"vars.caught"},"outcome":{"js":"vars.outcome"}},
             "root":{"type":"Sequence","activities":[
               {"type":"Try","id":"convert",
                "try":{"type":"Sequence","activities":[{"type":"Probe","id":"move"},{"type":"Probe","id":"copy"},{"type":"Probe","id":"verify"}]},
                "catch":{"type":"Sequence","activities":[{"type":"Probe","id":"rollback"},{"type":"SetVariable","name":"caught","value":{"js":"vars.error"}}]}},
               {"type":"SetVariable","name":"outcome","value":"after"}]}}
            """);

        Assert.Equal(InstanceStatus.Finished, result.Status);
        Assert.Equal(1, fixture.Probe.CountOf("apply", "move"));
        Assert.Equal(1, fixture.Probe.CountOf("apply", "copy"));
        Assert.Equal(0, fixture.Probe.CountOf("apply", "verify"));
        Assert.Equal(1, fixture.Probe.CountOf("apply", "rollback"));
        Assert.Equal("copy broke", result.Outputs!["error"]!["message"]!.GetValue<string>());
        Assert.Equal("copy", result.Outputs["error"]!["activity"]!.GetValue<string>());
        Assert.Equal("after", result.Outputs["outcome"]!.GetValue<string>());

        var events = (await fixture.EntriesAsync(result.InstanceId)).Select(e => $"{e.ActivityId}:{e.Event}").ToList();
        Assert.Contains("copy:faulted", events);
        Assert.Contains("convert:caught", events);
        var completion = (await fixture.EntriesAsync(result.InstanceId)).Single(e => e.ActivityId == "convert" && e.Event == JournalEvents.Completed);
        Assert.Contains("\"outcome\":\"Caught\"", completion.DataJson!, StringComparison.Ordinal);
        Assert.Empty(await fixture.Journal.GetIncidentsAsync(result.InstanceId, CancellationToken.None));
    }

    [Fact]
    public async Task Try_without_a_fault_ends_Done_and_never_runs_catch()
    {
        var fixture = new EngineFixture(FailingAt());
        var result = await fixture.StartAsync("""
            {"name":"t","root":{"type":"Flowchart","activities":[
               {"type":"Try","id":"convert","try":{"type":"Probe","id":"work"},"catch":{"type":"Probe","id":"rollback"}},
               {"type":"Probe","id":"done-path"},{"type":"Probe","id":"caught-path"}],
              "connections":[{"from":"convert","to":"done-path"},{"from":"convert","outcome":"Caught","to":"caught-path"}]}}
            """);

        Assert.Equal(InstanceStatus.Finished, result.Status);
        Assert.Equal(0, fixture.Probe.CountOf("apply", "rollback"));
        Assert.Equal(1, fixture.Probe.CountOf("apply", "done-path"));
        Assert.Equal(0, fixture.Probe.CountOf("apply", "caught-path"));
    }

    [Fact]
    public async Task A_Fail_in_catch_faults_the_workflow_with_its_message_after_the_rollback()
    {
        var fixture = new EngineFixture(FailingAt("copy"));
        var result = await fixture.StartAsync("""
            {"name":"t","root":{"type":"Try","errorVariable":"why",
                "try":{"type":"Probe","id":"copy"},
                "catch":{"type":"Sequence","activities":[{"type":"Probe","id":"rollback"},
                  {"type":"Fail","id":"give-up","message":{"js":"`rolled back after: ${vars.why.message}`"}}]}}}
            """);

        Assert.Equal(InstanceStatus.Faulted, result.Status);
        Assert.Equal("rolled back after: copy broke", result.Message);
        Assert.Equal(1, fixture.Probe.CountOf("apply", "rollback"));
        var incident = Assert.Single(await fixture.Journal.GetIncidentsAsync(result.InstanceId, CancellationToken.None));
        Assert.Equal("give-up", incident.ActivityId);
    }

    [Fact]
    public async Task A_fault_in_catch_goes_to_the_enclosing_Try()
    {
        var fixture = new EngineFixture(FailingAt("copy", "rollback"));
        var result = await fixture.StartAsync("""
            {"name":"t","variables":{"caught":null},"outputs":{"error":{"js":"vars.caught.activity"}},
             "root":{"type":"Try","id":"outer",
               "try":{"type":"Try","id":"inner","try":{"type":"Probe","id":"copy"},"catch":{"type":"Probe","id":"rollback"}},
               "catch":{"type":"Sequence","activities":[{"type":"Probe","id":"alert"},{"type":"SetVariable","name":"caught","value":{"js":"vars.error"}}]}}}
            """);

        Assert.Equal(InstanceStatus.Finished, result.Status);
        Assert.Equal("rollback", result.Outputs!["error"]!.GetValue<string>());
        Assert.Equal(1, fixture.Probe.CountOf("apply", "alert"));
    }

    [Fact]
    public async Task Each_parallel_body_sees_its_own_error_and_it_is_gone_after_the_Try()
    {
        var fixture = new EngineFixture(FailingAt("work"));
        var result = await fixture.StartAsync("""
            {"name":"t","variables":{"seen":[]},"outputs":{"seen":{"js":"vars.seen"},"after":{"js":"vars.error ?? 'none'"}},
             "root":{"type":"ForEach","items":["a","b","c"],"parallelism":3,"body":{"type":"Try",
               "try":{"type":"Sequence","activities":[{"type":"Probe","id":"work"}]},
               "catch":{"type":"SetVariable","name":"seen","value":{"js":"[...vars.seen, vars.item + ':' + vars.error.activity]"}}}}}
            """);

        Assert.Equal(InstanceStatus.Finished, result.Status);
        Assert.Equal(["a:work", "b:work", "c:work"], result.Outputs!["seen"]!.AsArray().Select(n => n!.GetValue<string>()).Order());
        Assert.Equal("none", result.Outputs["after"]!.GetValue<string>());
    }

    [Fact]
    public async Task Retries_are_used_up_before_the_fault_is_caught()
    {
        var tries = 0;
        var probe = new ProbeStepActivity(apply: (context, _) =>
            context.Node.Id == "flaky" && ++tries > 0 ? throw new StepFailedException("busy") : Task.FromResult(StepResult.Done()));
        var fixture = new EngineFixture(probe);
        var result = await fixture.StartAsync("""
            {"name":"t","root":{"type":"Try","try":{"type":"Probe","id":"flaky","retry":{"attempts":3,"delaySeconds":0}},"catch":{"type":"Probe","id":"rollback"}}}
            """);

        Assert.Equal(InstanceStatus.Finished, result.Status);
        Assert.Equal(3, tries);
        Assert.Equal(1, fixture.Probe.CountOf("apply", "rollback"));
    }

    [Fact]
    public async Task Steps_still_running_in_the_abandoned_branch_finish_before_catch_starts_and_nothing_follows_them()
    {
        var order = new List<string>();
        var slowStarted = new TaskCompletionSource();
        var probe = new ProbeStepActivity(apply: async (context, token) =>
        {
            switch (context.Node.Id)
            {
                case "slow":
                    slowStarted.SetResult();
                    await Task.Delay(300, token);
                    lock (order)
                    {
                        order.Add("slow done");
                    }

                    break;
                case "broken":
                    await slowStarted.Task;
                    throw new StepFailedException("broken") { Retryable = false };
                default:
                    lock (order)
                    {
                        order.Add(context.Node.Id);
                    }

                    break;
            }

            return StepResult.Done();
        });
        var fixture = new EngineFixture(probe);
        var result = await fixture.StartAsync("""
            {"name":"t","root":{"type":"Try",
               "try":{"type":"ForEach","items":[1,2],"parallelism":2,"body":{"type":"If","condition":{"js":"vars.item === 1"},
                  "then":{"type":"Sequence","activities":[{"type":"Probe","id":"slow"},{"type":"Probe","id":"after-slow"}]},
                  "else":{"type":"Probe","id":"broken"}}},
               "catch":{"type":"Probe","id":"rollback"}}}
            """);

        Assert.Equal(InstanceStatus.Finished, result.Status);
        Assert.Equal(["slow done", "rollback"], order);
        var events = (await fixture.EntriesAsync(result.InstanceId)).Select(e => $"{e.ActivityId}:{e.Event}").ToList();
        Assert.True(events.IndexOf("slow:completed") < events.IndexOf("rollback:started"), string.Join("\n", events));
    }

    [Fact]
    public async Task A_fault_outside_any_Try_still_faults_the_instance_and_retry_runs_the_step_again()
    {
        var broken = true;
        var probe = new ProbeStepActivity(apply: (context, _) =>
            context.Node.Id == "after" && broken ? throw new StepFailedException("nope") { Retryable = false } : Task.FromResult(StepResult.Done()));
        var fixture = new EngineFixture(probe);
        var faulted = await fixture.StartAsync("""
            {"name":"t","root":{"type":"Sequence","activities":[
              {"type":"Try","try":{"type":"Probe","id":"inside"},"catch":{"type":"Probe","id":"rollback"}},
              {"type":"Probe","id":"after"}]}}
            """);
        Assert.Equal(InstanceStatus.Faulted, faulted.Status);

        broken = false;
        var retried = await fixture.Engine.RetryAsync(faulted.InstanceId, CancellationToken.None);

        Assert.Equal(InstanceStatus.Finished, retried.Status);
        Assert.Equal(0, fixture.Probe.CountOf("apply", "rollback"));
        Assert.Equal(2, fixture.Probe.CountOf("apply", "after"));
    }

    [Fact]
    public void The_loader_refuses_a_Try_without_a_try_branch_and_an_expression_as_errorVariable()
    {
        var fixture = new EngineFixture();
        var errors = Assert.Throws<Xunit.Sdk.TrueException>(() => fixture.Load("""{"name":"t","root":{"type":"Try","errorVariable":{"js":"'x'"}}}"""));
        Assert.Contains("try", errors.Message, StringComparison.Ordinal);
        Assert.Contains("errorVariable", errors.Message, StringComparison.Ordinal);
    }
}
