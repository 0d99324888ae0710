using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Journal;
using Messier.Workflows.Runtime;
using Messier.Workflows.Tests.Support;

namespace Messier.Workflows.Tests.Runtime;

/// <summary>One runner per instance: live owners are refused, dead ones taken over, cancel requests heard.</summary>
public sealed class LeaseTests
{
    private const string SlowStep = """{"name":"t","root":{"type":"Probe","id":"slow"}}""";

    [Fact]
    public async Task Resuming_an_instance_a_live_runner_owns_is_refused_with_the_holder()
    {
        using var gate = new SemaphoreSlim(0);
        var probe = new ProbeStepActivity(apply: async (_, token) =>
        {
            await gate.WaitAsync(token);
            return StepResult.Done();
        });
        var fixture = new EngineFixture(probe, liveness: new FixedLiveness(true));
        var running = fixture.StartAsync(SlowStep);
        var instance = await WaitForSingleInstanceAsync(fixture);

        var refused = await fixture.NewEngine("runner-b").ResumeAsync(instance.Id, default);

        Assert.True(refused.Refused);
        Assert.Contains("runner-a", refused.Message, StringComparison.Ordinal);
        gate.Release();
        Assert.Equal(InstanceStatus.Finished, (await running).Status);
        Assert.Equal(1, probe.CountOf("apply", "slow"));
    }

    [Fact]
    public async Task A_cancel_request_stops_the_owner_at_its_next_heartbeat()
    {
        var probe = new ProbeStepActivity(apply: async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return StepResult.Done();
        });
        var fixture = new EngineFixture(probe, options: new EngineOptions { LeaseDuration = TimeSpan.FromMilliseconds(300) });
        var running = fixture.StartAsync(SlowStep);
        var instance = await WaitForSingleInstanceAsync(fixture);

        var request = await fixture.NewEngine("runner-b").CancelAsync(instance.Id, default);
        Assert.True(request.Refused);

        var result = await running.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(InstanceStatus.Cancelled, result.Status);
        Assert.Equal(InstanceStatus.Cancelled, (await fixture.Journal.FindInstanceAsync(instance.Id, default))!.Status);
    }

    [Fact]
    public async Task Cancelling_a_suspended_instance_drops_its_bookmark()
    {
        var fixture = new EngineFixture();
        var suspended = await fixture.StartAsync("""{"name":"t","root":{"type":"Approve","message":"go?"}}""");

        var cancelled = await fixture.Engine.CancelAsync(suspended.InstanceId, default);

        Assert.Equal(InstanceStatus.Cancelled, cancelled.Status);
        Assert.Empty(await fixture.Journal.GetBookmarksAsync(suspended.InstanceId, default));
        await Assert.ThrowsAsync<EngineException>(() => fixture.Engine.ApproveAsync(suspended.InstanceId, null, null, default));
    }

    private static async Task<InstanceRecord> WaitForSingleInstanceAsync(EngineFixture fixture)
    {
        for (var i = 0; i < 200; i++)
        {
            var instances = await fixture.Journal.ListInstancesAsync(new InstanceQuery([]), default);
            if (instances.Count == 1 && (await fixture.Journal.GetJournalAsync(instances[0].Id, default)).Any(e => e.Event == JournalEvents.Started))
            {
                return instances[0];
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("the instance did not start");
    }
}
