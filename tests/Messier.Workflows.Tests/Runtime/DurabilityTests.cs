using System.Text.Json.Nodes;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Journal;
using Messier.Workflows.Runtime;
using Messier.Workflows.Tests.Support;

namespace Messier.Workflows.Tests.Runtime;

/// <summary>Write-ahead, recovery, suspension, faults and retries: the rules the journal exists for.</summary>
public sealed class DurabilityTests
{
    private const string TwoSteps = """{"name":"t","root":{"type":"Sequence","activities":[{"type":"Probe","id":"a","value":{"js":"input.x * 2"}},{"type":"Probe","id":"b"}]},"inputs":{"x":{"type":"integer","default":21}}}""";

    [Fact]
    public async Task A_step_start_and_its_resolved_inputs_are_committed_before_it_runs()
    {
        EngineFixture? fixture = null;
        string? seenInJournal = null;
        var probe = new ProbeStepActivity(apply: async (context, token) =>
        {
            var entries = await fixture!.Journal.GetJournalAsync(context.InstanceId, token);
            if (context.Node.Id == "a")
            {
                seenInJournal = entries[^1].Event + " " + entries[^1].DataJson;
            }

            return StepResult.Done();
        });
        fixture = new EngineFixture(probe);

        await fixture.StartAsync(TwoSteps);

        Assert.StartsWith("started ", seenInJournal, StringComparison.Ordinal);
        Assert.Contains("\"value\":42", seenInJournal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_step_in_flight_when_the_run_stopped_is_observed_before_it_is_applied_again()
    {
        using var stop = new CancellationTokenSource();

        // The effect of 'a' happens; the runner dies before its completion is committed.
        var probe = ProbeStepActivity.DyingOnce(context => context.Node.Id == "a", stop);
        var fixture = new EngineFixture(probe, liveness: new FixedLiveness(false));

        var first = await fixture.StartAsync(TwoSteps, cancellationToken: stop.Token);
        Assert.Equal(InstanceStatus.Interrupted, first.Status);
        var stored = await fixture.Journal.FindInstanceAsync(first.InstanceId, default);
        Assert.Equal(InstanceStatus.Running, stored!.Status);

        var resumed = await fixture.NewEngine("runner-b").ResumeAsync(first.InstanceId, default);

        Assert.Equal(InstanceStatus.Finished, resumed.Status);
        Assert.Equal(1, probe.CountOf("apply", "a"));
        Assert.Contains(probe.Calls, c => c.Call == "observe" && c.ActivityId == "a" && c.Recovering);
        var events = (await fixture.EntriesAsync(first.InstanceId)).Where(e => e.ActivityId == "a").Select(e => e.Event).ToList();
        Assert.Equal([JournalEvents.Started, JournalEvents.Recovered, JournalEvents.ObservedDone], events);
    }

    [Fact]
    public async Task Inputs_are_stored_once_with_the_instance_not_in_each_commit_and_a_resumed_run_still_reads_them()
    {
        using var stop = new CancellationTokenSource();
        var probe = ProbeStepActivity.DyingOnce(context => context.Node.Id == "a", stop);
        var fixture = new EngineFixture(probe, liveness: new FixedLiveness(false));
        const string Definition = """{"name":"t","root":{"type":"Sequence","activities":[{"type":"Probe","id":"a"},{"type":"Probe","id":"b","value":{"js":"input.x * 3"}}]},"inputs":{"x":{"type":"integer","default":21}}}""";

        var first = await fixture.StartAsync(Definition, new JsonObject { ["x"] = 5 }, stop.Token);
        var stored = await fixture.Journal.FindInstanceAsync(first.InstanceId, default);
        var resumed = await fixture.NewEngine("runner-b").ResumeAsync(first.InstanceId, default);

        Assert.Equal(InstanceStatus.Interrupted, first.Status);
        Assert.Equal("""{"x":5}""", stored!.InputJson);
        Assert.DoesNotContain("\"Inputs\"", stored.StateJson, StringComparison.Ordinal);
        Assert.Equal(InstanceStatus.Finished, resumed.Status);
        Assert.Equal(15, probe.Calls.Single(c => c.Call == "apply" && c.ActivityId == "b").Value!.GetValue<int>());
    }

    [Fact]
    public async Task Approve_suspends_on_a_bookmark_and_approval_runs_the_rest()
    {
        var fixture = new EngineFixture();
        var suspended = await fixture.StartAsync("""
            {"name":"t","root":{"type":"Sequence","activities":[{"type":"Approve","id":"ok","message":"Delete /var/lib/docker.orig?"},{"type":"Probe","id":"after"}]}}
            """);

        Assert.Equal(InstanceStatus.Suspended, suspended.Status);
        var bookmark = Assert.Single(await fixture.Journal.GetBookmarksAsync(suspended.InstanceId, default));
        Assert.Equal("Delete /var/lib/docker.orig?", bookmark.Message);
        Assert.Equal(0, fixture.Probe.CountOf("apply", "after"));

        var approved = await fixture.Engine.ApproveAsync(suspended.InstanceId, null, new JsonObject { ["by"] = "operator" }, default);

        Assert.Equal(InstanceStatus.Finished, approved.Status);
        Assert.Equal(1, fixture.Probe.CountOf("apply", "after"));
        Assert.Empty(await fixture.Journal.GetBookmarksAsync(suspended.InstanceId, default));
    }

    [Fact]
    public async Task A_failing_step_faults_with_an_incident_and_retry_resumes_at_that_step()
    {
        var broken = true;
        var probe = new ProbeStepActivity(apply: (context, _) =>
            context.Node.Id == "b" && broken ? throw new StepFailedException("disk full") : Task.FromResult(StepResult.Done()));
        var fixture = new EngineFixture(probe);

        var faulted = await fixture.StartAsync(TwoSteps);

        Assert.Equal(InstanceStatus.Faulted, faulted.Status);
        Assert.Equal("disk full", faulted.Message);
        var incident = Assert.Single(await fixture.Journal.GetIncidentsAsync(faulted.InstanceId, default));
        Assert.Equal("b", incident.ActivityId);
        Assert.Null(incident.ResolvedAt);

        broken = false;
        var retried = await fixture.Engine.RetryAsync(faulted.InstanceId, default);

        Assert.Equal(InstanceStatus.Finished, retried.Status);
        Assert.Equal(1, probe.CountOf("apply", "a"));
        Assert.Equal(2, probe.CountOf("apply", "b"));
        Assert.NotNull(Assert.Single(await fixture.Journal.GetIncidentsAsync(faulted.InstanceId, default)).ResolvedAt);
    }

    [Fact]
    public async Task The_retry_policy_retries_a_failing_step_with_its_attempt_number()
    {
        var probe = new ProbeStepActivity(apply: (context, _) =>
            context.Attempt < 3 ? throw new StepFailedException($"flaky {context.Attempt}") : Task.FromResult(StepResult.Done()));
        var fixture = new EngineFixture(probe);

        var result = await fixture.StartAsync("""
            {"name":"t","root":{"type":"Probe","id":"flaky","retry":{"attempts":3,"delaySeconds":0.01}}}
            """);

        Assert.Equal(InstanceStatus.Finished, result.Status);
        Assert.Equal([1, 2, 3], probe.Calls.Where(c => c.Call == "apply").Select(c => c.Attempt));
        var failures = (await fixture.EntriesAsync(result.InstanceId)).Where(e => e.Event == JournalEvents.AttemptFailed).Select(e => e.DataJson).ToList();
        Assert.Equal(2, failures.Count);
        Assert.Contains("flaky 1", failures[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_retryable_failure_is_not_retried()
    {
        var probe = new ProbeStepActivity(apply: (_, _) => throw new StepFailedException("refused: /dev/sdb has a filesystem") { Retryable = false });
        var fixture = new EngineFixture(probe);

        var result = await fixture.StartAsync("""{"name":"t","root":{"type":"Probe","id":"p","retry":{"attempts":5,"delaySeconds":0}}}""");

        Assert.Equal(InstanceStatus.Faulted, result.Status);
        Assert.Equal(1, probe.CountOf("apply", "p"));
    }

    [Fact]
    public async Task Fail_faults_the_instance_with_its_message()
    {
        var fixture = new EngineFixture();
        var result = await fixture.StartAsync("""{"name":"t","root":{"type":"Fail","id":"abort","message":"fewer than two NVMe drives"}}""");

        Assert.Equal(InstanceStatus.Faulted, result.Status);
        Assert.Equal("fewer than two NVMe drives", result.Message);
        Assert.Equal("abort", Assert.Single(await fixture.Journal.GetIncidentsAsync(result.InstanceId, default)).ActivityId);
    }

    [Fact]
    public async Task A_dry_run_observes_only_and_writes_nothing_to_the_journal()
    {
        var probe = new ProbeStepActivity(observe: context => context.Node.Id == "a" ? Observation.Done("already there") : Observation.Pending("would probe b"));
        var fixture = new EngineFixture(probe);

        var result = await fixture.Engine.DryRunAsync(fixture.Load(TwoSteps), new Dictionary<string, JsonNode?>(), default);

        Assert.Equal(InstanceStatus.Finished, result.Status);
        Assert.DoesNotContain(probe.Calls, c => c.Call == "apply");
        Assert.Equal(2, probe.Calls.Count(c => c.Call == "observe"));
        Assert.Empty(await fixture.Journal.ListInstancesAsync(new InstanceQuery([]), default));
    }

    [Fact]
    public async Task A_workflow_past_its_timeout_faults_saying_so()
    {
        var probe = new ProbeStepActivity(apply: async (_, token) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), token);
            return StepResult.Done();
        });
        var fixture = new EngineFixture(probe);

        var result = await fixture.StartAsync("""{"name":"t","timeoutSeconds":0.3,"root":{"type":"Probe","id":"slow"}}""");

        Assert.Equal(InstanceStatus.Faulted, result.Status);
        Assert.Contains("timeout of 0.3 s", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_instance_runs_the_definition_it_pinned_even_if_the_file_changes()
    {
        var fixture = new EngineFixture();
        var suspended = await fixture.StartAsync("""{"name":"t","root":{"type":"Sequence","activities":[{"type":"Approve","message":"go?"},{"type":"Probe","id":"old"}]}}""");

        // A newer definition of the same name exists now; the instance must not notice.
        fixture.Load("""{"name":"t","root":{"type":"Probe","id":"new"}}""");
        var finished = await fixture.Engine.ApproveAsync(suspended.InstanceId, null, null, default);

        Assert.Equal(InstanceStatus.Finished, finished.Status);
        Assert.Equal(1, fixture.Probe.CountOf("apply", "old"));
        Assert.Equal(0, fixture.Probe.CountOf("apply", "new"));
    }

    [Fact]
    public async Task Inputs_are_checked_before_anything_is_created()
    {
        var fixture = new EngineFixture();
        const string json = """{"name":"t","inputs":{"pool":{"type":"string","required":true},"n":{"type":"integer","default":2}},"root":{"type":"Probe"}}""";

        var missing = await Assert.ThrowsAsync<InputException>(() => fixture.StartAsync(json));
        var wrongType = await Assert.ThrowsAsync<InputException>(() => fixture.StartAsync(json, new JsonObject { ["pool"] = "p", ["n"] = "two" }));
        var unknown = await Assert.ThrowsAsync<InputException>(() => fixture.StartAsync(json, new JsonObject { ["pool"] = "p", ["pol"] = "x" }));

        Assert.Contains("missing required input 'pool'", missing.Message, StringComparison.Ordinal);
        Assert.Contains("input 'n' must be of type integer, got string", wrongType.Message, StringComparison.Ordinal);
        Assert.Contains("unknown input 'pol'", unknown.Message, StringComparison.Ordinal);
        Assert.Empty(await fixture.Journal.ListInstancesAsync(new InstanceQuery([]), default));
    }

    [Fact]
    public async Task An_explicit_null_means_none_for_an_optional_input_and_is_refused_for_a_required_one()
    {
        var fixture = new EngineFixture();
        const string json = """{"name":"t","inputs":{"pool":{"type":"string","required":true},"network":{"type":"object","default":{"name":"virgo"}},"host":{"type":"string"}},"outputs":{"network":{"js":"input.network"},"host":{"js":"input.host"}},"root":{"type":"Probe"}}""";

        var explicitNull = await fixture.StartAsync(json, new JsonObject { ["pool"] = "p", ["network"] = null, ["host"] = null });
        var defaulted = await fixture.StartAsync(json, new JsonObject { ["pool"] = "p" });
        var requiredNull = await Assert.ThrowsAsync<InputException>(() => fixture.StartAsync(json, new JsonObject { ["pool"] = null }));

        Assert.Equal(InstanceStatus.Finished, explicitNull.Status);
        Assert.Null(explicitNull.Outputs!["network"]);
        Assert.Null(explicitNull.Outputs["host"]);
        Assert.Equal("virgo", defaulted.Outputs!["network"]!["name"]!.GetValue<string>());
        Assert.Contains("input 'pool' is required and cannot be null", requiredNull.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expression_that_never_ends_is_stopped_and_faults_the_step()
    {
        var fixture = new EngineFixture();
        var result = await fixture.StartAsync("""{"name":"t","root":{"type":"Probe","id":"p","value":{"js":"while (true) {}"}}}""");

        Assert.Equal(InstanceStatus.Faulted, result.Status);
        Assert.Contains("was stopped", result.Message, StringComparison.Ordinal);
        Assert.Equal(0, fixture.Probe.CountOf("apply", "p"));
    }

    [Fact]
    public async Task Expressions_cannot_reach_the_CLR()
    {
        var fixture = new EngineFixture();
        var result = await fixture.StartAsync("""{"name":"t","root":{"type":"Probe","id":"p","value":{"js":"System.IO.File.Delete('/etc/passwd')"}}}""");

        Assert.Equal(InstanceStatus.Faulted, result.Status);
        Assert.Contains("System is not defined", result.Message, StringComparison.Ordinal);
    }
}
