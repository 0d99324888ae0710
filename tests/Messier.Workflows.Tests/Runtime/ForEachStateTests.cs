using System.Text.Json.Nodes;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Journal;
using Messier.Workflows.Leases;
using Messier.Workflows.Runtime;
using Messier.Workflows.Tests.Support;

namespace Messier.Workflows.Tests.Runtime;

/// <summary>
/// A ForEach keeps its items in the journal once instead of in the state every commit writes, so
/// a long loop's commits stay the same size; a resumed loop reads its items back from the journal.
/// </summary>
public sealed class ForEachStateTests
{
    private const string Loop = """
        {"name":"t","root":{"type":"ForEach","id":"loop","items":{"js":"input.items"},
          "body":{"type":"Probe","id":"each","value":{"js":"vars.item"}}},
         "inputs":{"items":{"type":"array","required":true}}}
        """;

    [Fact]
    public async Task The_items_are_journaled_once_and_no_commit_s_state_carries_them()
    {
        // 200 items of 100 characters: 20 KB that a state holding them would carry at every commit.
        var items = new JsonArray(Enumerable.Range(0, 200).Select(i => (JsonNode)$"item-{i:D3}-{new string('x', 91)}").ToArray());
        EngineFixture? fixture = null;
        var stateLengths = new List<int>();
        var probe = new ProbeStepActivity(apply: async (context, token) =>
        {
            // The state as the commit that started this step wrote it.
            var stored = await fixture!.Journal.FindInstanceAsync(context.InstanceId, token);
            stateLengths.Add(stored!.StateJson.Length);
            return StepResult.Done();
        });
        fixture = new EngineFixture(probe);

        var result = await fixture.StartAsync(Loop, new JsonObject { ["items"] = items.DeepClone() });

        Assert.Equal(InstanceStatus.Finished, result.Status);
        Assert.Equal(items.Select(i => i!.GetValue<string>()), probe.Calls.Where(c => c.Call == "apply").Select(c => c.Value!.GetValue<string>()));
        var kept = Assert.Single(await fixture.EntriesAsync(result.InstanceId), e => e.Event == JournalEvents.ValueKept);
        Assert.Equal("loop", kept.ActivityId);
        Assert.True(JsonNode.DeepEquals(items, JsonNode.Parse(kept.DataJson!)!["value"]), kept.DataJson);

        // Each state holds the item in flight (in its step's scope and inputs), never the list.
        Assert.Equal(200, stateLengths.Count);
        Assert.True(stateLengths.Max() < 3_000, $"the largest state was {stateLengths.Max()} bytes; the items alone are {items.ToJsonString().Length}");
        Assert.True(stateLengths.Max() - stateLengths.Min() < 100, $"the state grew from {stateLengths.Min()} to {stateLengths.Max()} bytes over the loop");
    }

    [Fact]
    public async Task A_loop_interrupted_half_way_resumes_in_a_new_runner_with_its_items_read_back_from_the_journal()
    {
        var (fixture, probe, interrupted) = await InterruptAtItemAsync(4);

        var resumed = await fixture.NewEngine("runner-b").ResumeAsync(interrupted.InstanceId, default);

        Assert.Equal(InstanceStatus.Finished, resumed.Status);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"v{i}"), probe.Calls.Where(c => c.Call == "apply").Select(c => c.Value!.GetValue<string>()));
        Assert.Contains(probe.Calls, c => c.Call == "observe" && c.Recovering && c.Value!.GetValue<string>() == "v4");
        Assert.Single(await fixture.EntriesAsync(interrupted.InstanceId), e => e.Event == JournalEvents.ValueKept);
    }

    [Fact]
    public async Task A_loop_interrupted_by_a_version_that_kept_its_items_in_the_state_still_resumes()
    {
        var (fixture, probe, interrupted) = await InterruptAtItemAsync(4);
        await RewriteStateAsync(fixture, interrupted.InstanceId, state =>
        {
            // What an older version wrote: the items in the ForEach's own state, nothing kept.
            var loop = LoopFrame(state);
            loop["State"]!["items"] = new JsonArray(Enumerable.Range(0, 10).Select(i => (JsonNode)$"v{i}").ToArray());
            loop.Remove("Kept");
        });

        var resumed = await fixture.NewEngine("runner-b").ResumeAsync(interrupted.InstanceId, default);

        Assert.Equal(InstanceStatus.Finished, resumed.Status);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"v{i}"), probe.Calls.Where(c => c.Call == "apply").Select(c => c.Value!.GetValue<string>()));
    }

    [Fact]
    public async Task A_state_naming_a_journal_entry_that_is_not_there_refuses_to_resume_saying_so_and_releases_the_instance()
    {
        var (fixture, probe, interrupted) = await InterruptAtItemAsync(4);
        await RewriteStateAsync(fixture, interrupted.InstanceId, state => LoopFrame(state)["Kept"]!["items"] = 9_999);
        var appliedBefore = probe.CountOf("apply", "each");

        var error = await Assert.ThrowsAsync<EngineException>(() => fixture.NewEngine("runner-b").ResumeAsync(interrupted.InstanceId, default));

        Assert.Contains("activity 'loop' kept its 'items' in journal entry 9999, which the journal does not hold as such", error.Message, StringComparison.Ordinal);
        Assert.Equal(appliedBefore, probe.CountOf("apply", "each"));
        Assert.Null((await fixture.Journal.FindInstanceAsync(interrupted.InstanceId, default))!.Lease);
    }

    /// <summary>Runs a ten-item loop whose runner dies while applying item <paramref name="index"/> (after its effect).</summary>
    private static async Task<(EngineFixture Fixture, ProbeStepActivity Probe, RunResult Interrupted)> InterruptAtItemAsync(int index)
    {
        using var stop = new CancellationTokenSource();
        var probe = ProbeStepActivity.DyingOnce(context => context.Inputs.Get("value")!.GetValue<string>() == $"v{index}", stop);
        var fixture = new EngineFixture(probe, liveness: new FixedLiveness(false));
        var items = new JsonArray(Enumerable.Range(0, 10).Select(i => (JsonNode)$"v{i}").ToArray());

        var interrupted = await fixture.StartAsync(Loop, new JsonObject { ["items"] = items }, stop.Token);

        Assert.Equal(InstanceStatus.Interrupted, interrupted.Status);
        return (fixture, probe, interrupted);
    }

    /// <summary>Changes the stored state of an interrupted instance, as its journal's owner for one commit.</summary>
    private static async Task RewriteStateAsync(EngineFixture fixture, string instanceId, Action<JsonObject> change)
    {
        var editor = new LeaseOwner("test-host", 2, 2, "editor");
        Assert.True((await fixture.Journal.TryAcquireLeaseAsync(instanceId, editor, TimeSpan.FromMinutes(1), new FixedLiveness(false), default)).Acquired);
        var record = await fixture.Journal.FindInstanceAsync(instanceId, default);
        var state = JsonNode.Parse(record!.StateJson)!.AsObject();
        change(state);
        await fixture.Journal.CommitAsync(new InstanceCommit(instanceId, InstanceStatus.Running, state.ToJsonString(), []), editor, default);
        await fixture.Journal.ReleaseLeaseAsync(instanceId, editor, default);
    }

    private static JsonObject LoopFrame(JsonObject state) =>
        state["Frames"]!.AsObject().Select(f => f.Value!.AsObject()).Single(f => f["ActivityId"]!.GetValue<string>() == "loop");
}
