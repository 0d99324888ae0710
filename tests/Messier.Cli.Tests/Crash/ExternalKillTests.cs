using Messier.Testing;

namespace Messier.Cli.Tests.Crash;

/// <summary>Kills from outside, as an operator's lost SSH session or the OOM killer would, mid-step.</summary>
public sealed class ExternalKillTests
{
    [Fact]
    public async Task Kill_during_a_long_step_then_resume_finishes_with_each_line_once()
    {
        using var sandbox = new MessierSandbox();
        var outFile = sandbox.PathOf("out.txt");
        // A sleep no other process has, to find the second step's sleep by its command line; both
        // .NET and JavaScript print a double as its shortest round-trip form.
        var seconds = 1.5 + (Random.Shared.Next(1, 99_999) / 1e7);
        using var process = sandbox.Start(DurableDemo.RunArgs(outFile, 4, seconds));
        var instanceId = (await process.StandardOutput.ReadLineAsync())!.Trim();

        // Wait until the second step's sleep runs (so its start is committed), then kill without warning.
        await WaitUntilAsync(() => File.Exists(outFile) && File.ReadAllLines(outFile).Length == 1, TimeSpan.FromSeconds(60));
        await RunningCommands.WaitForAsync("sleep", seconds.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        process.Kill();
        await process.WaitForExitAsync();

        var interrupted = await sandbox.ShowAsync(instanceId);
        Assert.Equal("interrupted", interrupted["status"]!.GetValue<string>());

        var resumed = await sandbox.RunAsync(["resume", instanceId]);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("was in flight", resumed.StandardOutput, StringComparison.Ordinal);
        await DurableDemo.AssertFinishedCorrectlyAsync(sandbox, instanceId, outFile, 4, "killed mid-sleep");

        var detail = await sandbox.ShowAsync(instanceId);
        Assert.Contains(DurableDemo.Entries(detail), e => e["event"]!.GetValue<string>() == "recovered");
    }

    [Fact]
    public async Task A_second_resume_of_a_live_instance_is_refused_with_its_owner()
    {
        using var sandbox = new MessierSandbox();
        var outFile = sandbox.PathOf("out.txt");
        using var process = sandbox.Start(DurableDemo.RunArgs(outFile, 1, 4));
        var instanceId = (await process.StandardOutput.ReadLineAsync())!.Trim();
        var drain = process.StandardOutput.ReadToEndAsync();

        var second = await sandbox.RunAsync(["resume", instanceId]);
        Assert.True(second.ExitCode == 4, second.ToString());
        Assert.Contains($"is being run by process {process.Id}", second.StandardError, StringComparison.Ordinal);

        await process.WaitForExitAsync();
        await drain;
        Assert.Equal(0, process.ExitCode);
        await DurableDemo.AssertFinishedCorrectlyAsync(sandbox, instanceId, outFile, 1, "after a refused second resume");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(50);
        }
    }
}
