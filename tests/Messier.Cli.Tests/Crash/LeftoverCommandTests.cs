using System.Diagnostics;
using Messier.Testing;

namespace Messier.Cli.Tests.Crash;

/// <summary>
/// A command outlives a SIGKILLed messier (nothing kills a dead parent's children); the runner
/// that resumes the instance stops it before it observes the step again, and says so in the journal.
/// </summary>
public sealed class LeftoverCommandTests : IDisposable
{
    private readonly MessierSandbox sandbox = new();

    public void Dispose() => sandbox.Dispose();

    [Fact]
    public async Task A_command_a_killed_runner_left_running_is_stopped_by_the_resume()
    {
        // A duration no other sleep on the machine has, to find this one by its command line.
        var marker = RunningCommands.UniqueSleepSeconds();
        var definition = sandbox.PathOf("nap.json");
        // The observe passes on resume, so the step is not run again: only the leftover is at stake.
        File.WriteAllText(definition, $$$"""{"name":"nap","root":{"type":"Run","id":"nap","argv":["sleep","{{{marker}}}"],"observe":["test","-e","{{{sandbox.PathOf("resumed")}}}"]}}""");
        using var run = sandbox.Start(["run", definition]);
        var id = (await run.StandardOutput.ReadLineAsync())!;
        var leftover = await RunningCommands.WaitForAsync("sleep", marker);
        run.Kill();
        await run.WaitForExitAsync();
        Assert.False(Process.GetProcessById(leftover).HasExited, "the command must outlive its killed runner for this test to mean anything");
        File.WriteAllText(sandbox.PathOf("resumed"), string.Empty);

        var resumed = await sandbox.RunAsync(["resume", "--all"]);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(leftover));
        var messages = (await sandbox.ShowAsync(id))["journal"]!.AsArray().Select(e => e!["data"]?["message"]?.GetValue<string>()).OfType<string>();
        Assert.Contains(messages, m => m.Contains("had started and left running", StringComparison.Ordinal) && m.Contains($"sleep (pid {leftover})", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_crash_seam_kills_the_runner_while_its_command_runs_and_leaves_the_command_running()
    {
        var marker = RunningCommands.UniqueSleepSeconds();
        var definition = sandbox.PathOf("nap.json");
        File.WriteAllText(definition, $$$"""{"name":"nap","root":{"type":"Sequence","activities":[{"type":"Run","id":"first","argv":["true"]},{"type":"Run","id":"nap","argv":["sleep","{{{marker}}}"],"observe":["test","-e","{{{sandbox.PathOf("resumed")}}}"]}]}}""");

        // Commands: true, the nap's observe (test -e), then the sleep: the runner dies once the
        // sleep exists, before its result is known.
        var crashed = await sandbox.RunAsync(["run", definition], new Dictionary<string, string> { ["MESSIER_TEST_CRASH_DURING_COMMAND"] = "3" });

        Assert.True(crashed.ExitCode == 137, crashed.ToString());
        var leftover = await RunningCommands.WaitForAsync("sleep", marker);
        var id = crashed.StdoutLines[0];
        var journal = (await sandbox.ShowAsync(id))["journal"]!.AsArray().Select(e => $"{e!["activityId"]}:{e["event"]}").ToList();
        Assert.Equal(["first:started", "first:completed", "nap:started"], journal.Where(e => e.StartsWith("first:", StringComparison.Ordinal) || e.StartsWith("nap:", StringComparison.Ordinal)));

        File.WriteAllText(sandbox.PathOf("resumed"), string.Empty);
        var resumed = await sandbox.RunAsync(["resume", id]);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(leftover));
    }
}
