using System.Diagnostics;
using Messier.Commands;
using Messier.Workflows.Commands;

namespace Messier.Commands.Tests;

/// <summary>A runner taking over stops the commands a dead runner left running, and only those.</summary>
public sealed class LeftoverProcessesTests
{
    [Fact]
    public async Task Commands_marked_with_the_dead_runner_are_stopped_and_others_are_left_alone()
    {
        using var orphan = Start("sleep", "dead-runner");
        using var child = Start("second", "dead-runner");
        using var stranger = Start("sleep", "someone-else");

        var stopped = await new CliWrapCommandRunner().StopLeftoversAsync("dead-runner", CancellationToken.None);

        Assert.Contains($"sleep (pid {orphan.Id})", stopped);
        Assert.Contains($"sleep (pid {child.Id})", stopped);
        Assert.True(orphan.WaitForExit(5000) && child.WaitForExit(5000));
        Assert.False(stranger.HasExited);
        stranger.Kill();
    }

    private static Process Start(string label, string runnerId)
    {
        var info = new ProcessStartInfo("sleep") { UseShellExecute = false };
        info.ArgumentList.Add("60");
        info.Environment[ICommandRunner.RunnerVariable] = runnerId;
        info.Environment["TEST_LABEL"] = label;
        return Process.Start(info)!;
    }
}
