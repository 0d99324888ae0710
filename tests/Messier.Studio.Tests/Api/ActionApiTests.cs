using System.Globalization;
using Messier.Studio.Tests.Support;

namespace Messier.Studio.Tests.Api;

/// <summary>POST actions against the real server: the run happens in the Studio's process and shows in the journal.</summary>
public sealed class ActionApiTests : IAsyncLifetime
{
    private readonly StudioSandbox sandbox = new();
    private StudioProcess studio = null!;

    public async Task InitializeAsync() => studio = await sandbox.StartStudioAsync();

    public async Task DisposeAsync() => await sandbox.DisposeAsync();

    [Fact]
    public async Task Approve_answers_202_and_the_instance_finishes_in_the_background()
    {
        var id = await sandbox.RunAsync("approval-demo", 3);

        var (status, body, _) = await studio.PostAsync($"api/instances/{id}/approve");

        Assert.Equal(202, status);
        Assert.Equal(id, body!["id"]!.GetValue<string>());
        var done = await studio.WaitForStatusAsync(id, "finished");
        Assert.Equal("hello world", done["outputs"]!["greeting"]!.GetValue<string>());
        Assert.Contains(done["journal"]!.AsArray(), e => e!["event"]!.GetValue<string>() == "bookmark-resumed" && e["data"]!["payload"]!["by"]!.GetValue<string>() == "studio");
        Assert.Equal("done", done["activityStates"]!["after"]!.GetValue<string>());

        // The CLI reads the same journal: the run the Studio did is there for it too.
        Assert.Equal("finished", (await sandbox.ShowAsync(id))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Retry_of_a_faulted_instance_runs_it_again_once_the_cause_is_fixed()
    {
        var file = sandbox.Sandbox.PathOf("flag");
        var id = await sandbox.RunAsync("needs-file", 1, $"file={file}");
        var (_, faulted, _) = await studio.GetJsonAsync($"api/instances/{id}");
        Assert.Equal(["retry", "cancel"], faulted!["actions"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal("faulted", faulted["activityStates"]!["check"]!.GetValue<string>());
        Assert.NotEmpty(faulted["incidents"]!.AsArray());

        await File.WriteAllTextAsync(file, "now it exists");
        var (status, _, _) = await studio.PostAsync($"api/instances/{id}/retry");

        Assert.Equal(202, status);
        var done = await studio.WaitForStatusAsync(id, "finished");
        Assert.Equal("done", done["activityStates"]!["check"]!.GetValue<string>());
        Assert.NotNull(done["incidents"]![0]!["resolvedAt"]);
    }

    [Fact]
    public async Task An_action_that_does_not_apply_is_a_409_with_the_engines_reason()
    {
        var id = await sandbox.RunAsync("quick", 0);

        var (retry, retryBody, _) = await studio.PostAsync($"api/instances/{id}/retry");
        var (approve, approveBody, _) = await studio.PostAsync($"api/instances/{id}/approve");

        Assert.Equal(409, retry);
        Assert.Contains("only a faulted instance can be retried", retryBody!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(409, approve);
        Assert.Contains("not waiting for an approval", approveBody!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_of_an_instance_another_live_process_runs_is_a_409_naming_the_owner_and_cancel_asks_it_to_stop()
    {
        using var runner = sandbox.Sandbox.Start(["run", "slow", "--definitions", sandbox.Definitions]);
        var id = (await runner.StandardOutput.ReadLineAsync())!.Trim();
        var running = await studio.WaitForStatusAsync(id, "running");
        Assert.Equal("running", running["activityStates"]!["wait"]!.GetValue<string>());

        var (status, body, _) = await studio.PostAsync($"api/instances/{id}/resume");

        Assert.Equal(409, status);
        Assert.Contains($"process {runner.Id.ToString(CultureInfo.InvariantCulture)} on", body!["owner"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("is being run by", body["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        var (cancel, cancelBody, _) = await studio.PostAsync($"api/instances/{id}/cancel");
        Assert.Equal(202, cancel);
        Assert.Contains("cancel requested", cancelBody!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        // The owner sees the request at its next heartbeat (a third of the 30 s lease) and stops.
        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        await runner.WaitForExitAsync(exit.Token);
        Assert.Equal(5, runner.ExitCode);
        await studio.WaitForStatusAsync(id, "cancelled");
    }

    [Fact]
    public async Task Resume_of_an_instance_whose_runner_was_killed_finishes_it_in_the_studio()
    {
        using var runner = sandbox.Sandbox.Start(["run", "nap", "--definitions", sandbox.Definitions]);
        var id = (await runner.StandardOutput.ReadLineAsync())!.Trim();
        await studio.WaitForStatusAsync(id, "running");
        runner.Kill();
        await runner.WaitForExitAsync();

        var interrupted = await studio.WaitForStatusAsync(id, "interrupted");
        Assert.Equal(["resume", "cancel"], interrupted["actions"]!.AsArray().Select(a => a!.GetValue<string>()));
        var (status, _, _) = await studio.PostAsync($"api/instances/{id}/resume");

        Assert.Equal(202, status);
        var done = await studio.WaitForStatusAsync(id, "finished");
        Assert.Equal("done", done["activityStates"]!["wake"]!.GetValue<string>());
        Assert.Contains(done["journal"]!.AsArray(), e => e!["event"]!.GetValue<string>() == "instance-resumed");
    }

    [Fact]
    public async Task Cancel_of_a_suspended_instance_cancels_it_at_once()
    {
        var id = await sandbox.RunAsync("approval-demo", 3);

        var (status, body, _) = await studio.PostAsync($"api/instances/{id}/cancel");

        Assert.Equal(200, status);
        Assert.Equal("cancelled", body!["status"]!.GetValue<string>());
        var (_, after, _) = await studio.GetJsonAsync($"api/instances/{id}");
        Assert.Equal("cancelled", after!["status"]!.GetValue<string>());
        Assert.Empty(after["actions"]!.AsArray());
    }
}
