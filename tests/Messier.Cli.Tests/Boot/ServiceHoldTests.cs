using System.Text.Json.Nodes;
using Messier.Testing;

namespace Messier.Cli.Tests.Boot;

/// <summary>
/// `messier hold check`: what the docker.service and containerd.service drop-ins ask before they
/// start. An unfinished flow that stopped the services holds them until it starts them itself,
/// whether it waits for an approval or was killed; once it begins its StartServices the hold is gone.
/// </summary>
public sealed class ServiceHoldTests : IDisposable
{
    private readonly MessierSandbox sandbox = new();

    private string Flag => sandbox.PathOf("service-running");

    public void Dispose() => sandbox.Dispose();

    [Fact]
    public async Task A_flow_waiting_between_stop_and_start_holds_the_services_until_it_starts_them()
    {
        File.WriteAllText(Flag, string.Empty);
        var definition = Definition(middle: """{"type":"Approve","id":"wait","message":"data is being moved"}""");

        var suspended = await sandbox.RunAsync(["run", definition]);
        Assert.True(suspended.ExitCode == 3, suspended.ToString());
        var id = suspended.StdoutLines[0];

        var held = await sandbox.RunAsync(["hold", "check", "docker.service"]);
        Assert.Equal(7, held.ExitCode);
        Assert.Contains($"held: instance {id} (hold-test, suspended) stopped its services at step 'stop'", held.StandardError, StringComparison.Ordinal);
        Assert.Contains($"messier resume {id}", held.StandardError, StringComparison.Ordinal);
        var listed = await sandbox.RunAsync(["hold", "list"]);
        Assert.Contains($"instance {id}", listed.StandardOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(Flag));

        var approved = await sandbox.RunAsync(["approve", id]);
        Assert.True(approved.ExitCode == 0, approved.ToString());

        var free = await sandbox.RunAsync(["hold", "check", "docker.service"]);
        Assert.True(free.ExitCode == 0, free.ToString());
        Assert.True(File.Exists(Flag));
        Assert.Contains("no service is held", (await sandbox.RunAsync(["hold", "list"])).StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flow_killed_after_stopping_the_services_holds_them_until_its_resume_starts_them()
    {
        File.WriteAllText(Flag, string.Empty);
        var marker = RunningCommands.UniqueSleepSeconds(30);
        var definition = Definition(middle: $$"""{"type":"Run","id":"move","argv":["sleep","{{marker}}"]}""");

        using var run = sandbox.Start(["run", definition]);
        var id = (await run.StandardOutput.ReadLineAsync())!;

        // The move runs: the services were stopped and the move's start is in the journal.
        await RunningCommands.WaitForAsync("sleep", marker);
        Assert.False(File.Exists(Flag));
        run.Kill();
        await run.WaitForExitAsync();

        var held = await sandbox.RunAsync(["hold", "check"]);
        Assert.Equal(7, held.ExitCode);
        Assert.Contains($"instance {id} (hold-test, running)", held.StandardError, StringComparison.Ordinal);

        var resumed = await sandbox.RunAsync(["resume", "--all"], timeout: TimeSpan.FromMinutes(2));
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal(0, (await sandbox.RunAsync(["hold", "check"])).ExitCode);
        Assert.True(File.Exists(Flag));
    }

    [Fact]
    public async Task A_finished_flow_and_a_flow_that_never_stopped_anything_hold_nothing()
    {
        File.WriteAllText(Flag, string.Empty);
        var finished = await sandbox.RunAsync(["run", Definition(middle: """{"type":"Log","message":"moved"}""")]);
        Assert.True(finished.ExitCode == 0, finished.ToString());
        var file = sandbox.PathOf("no-stop.json");
        File.WriteAllText(file, """{"name":"no-stop","root":{"type":"Approve","message":"later"}}""");
        Assert.Equal(3, (await sandbox.RunAsync(["run", file])).ExitCode);

        var check = await sandbox.RunAsync(["hold", "check", "docker.service", "containerd.service"]);

        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Equal(string.Empty, check.StandardError);
    }

    /// <summary>StopServices, the given activity, StartServices, with a flag file standing in for the service.</summary>
    private string Definition(string middle)
    {
        var commands = new JsonObject
        {
            ["stop"] = new JsonArray("rm", "-f", Flag),
            ["start"] = new JsonArray("touch", Flag),
            ["isActive"] = new JsonArray("test", "-e", Flag),
        }.ToJsonString();
        var file = sandbox.PathOf("hold-test.json");
        File.WriteAllText(file, $$$"""
            {"name":"hold-test","root":{"type":"Sequence","activities":[
              {"type":"StopServices","id":"stop","commands":{{{commands}}}},
              {{{middle}}},
              {"type":"StartServices","id":"start","commands":{{{commands}}}}]}}
            """);
        return file;
    }
}
