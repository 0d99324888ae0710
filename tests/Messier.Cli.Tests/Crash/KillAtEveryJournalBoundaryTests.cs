using Messier.Testing;

namespace Messier.Cli.Tests.Crash;

/// <summary>
/// The product's promise, tested with real processes: messier is SIGKILLed right after each
/// journal write of a multi-step run (instance created, a step's start committed, a command
/// recorded mid-step, a completion committed), then `messier resume --all` finishes it. Every
/// boundary must end in the same state as an uninterrupted run.
/// </summary>
public sealed class KillAtEveryJournalBoundaryTests
{
    private const int Steps = 3;

    [Fact]
    public async Task Resume_after_a_kill_at_any_journal_write_ends_like_an_uninterrupted_run()
    {
        var boundaries = 0;
        for (var crashAfter = 1; crashAfter < 100; crashAfter++)
        {
            using var sandbox = new MessierSandbox();
            var outFile = sandbox.PathOf("out.txt");
            var crashed = await sandbox.RunAsync(
                DurableDemo.RunArgs(outFile, Steps, 0.05),
                new Dictionary<string, string> { ["MESSIER_TEST_CRASH_AFTER_WRITES"] = crashAfter.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            var instanceId = await DurableDemo.SingleInstanceIdAsync(sandbox);
            if (crashed.ExitCode == 0)
            {
                // The run made fewer writes than crashAfter: every boundary has been tried.
                await DurableDemo.AssertFinishedCorrectlyAsync(sandbox, instanceId, outFile, Steps, "uninterrupted run");
                break;
            }

            Assert.True(137 == crashed.ExitCode, $"crash after write {crashAfter}: expected SIGKILL (137)\n{crashed}");
            boundaries++;
            var listed = Assert.Single(await sandbox.ListAsync());
            if (listed!["status"]!.GetValue<string>() == "finished")
            {
                // Killed right after the finishing commit: nothing is left to resume.
                await DurableDemo.AssertFinishedCorrectlyAsync(sandbox, instanceId, outFile, Steps, $"crash after the last write ({crashAfter})");
                continue;
            }

            Assert.Equal("interrupted", listed["status"]!.GetValue<string>());
            var resumed = await sandbox.RunAsync(["resume", "--all"]);
            Assert.True(resumed.ExitCode == 0, $"resume after write {crashAfter}\n{resumed}");
            await DurableDemo.AssertFinishedCorrectlyAsync(sandbox, instanceId, outFile, Steps, $"crash after write {crashAfter}");
        }

        // 1 creation + per step: sleep (start, command, completion) and append (start, observe, command, completion) + the finish.
        Assert.Equal(1 + (Steps * 7) + 1, boundaries);
    }
}
