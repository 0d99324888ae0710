using Messier.Testing;

namespace Messier.Cli.Tests.Crash;

/// <summary>Two operators (or a boot script and an operator) resume the same interrupted instance at once.</summary>
public sealed class ConcurrentResumeTests
{
    [Fact]
    public async Task Of_two_simultaneous_resumes_exactly_one_runs_the_instance()
    {
        for (var round = 0; round < 8; round++)
        {
            using var sandbox = new MessierSandbox();
            var outFile = sandbox.PathOf("out.txt");

            // Crash right after the first step's start is committed: the instance is interrupted.
            var crashed = await sandbox.RunAsync(DurableDemo.RunArgs(outFile, 2, 0.3), new Dictionary<string, string> { ["MESSIER_TEST_CRASH_AFTER_WRITES"] = "2" });
            Assert.Equal(137, crashed.ExitCode);
            var id = await DurableDemo.SingleInstanceIdAsync(sandbox);

            var first = sandbox.RunAsync(["resume", id]);
            var second = sandbox.RunAsync(["resume", id]);
            var results = await Task.WhenAll(first, second);

            // One runs it to the end; the other is refused while it runs (4) or, if it came late, finds it finished (2).
            var codes = results.Select(r => r.ExitCode).Order().ToArray();
            Assert.True(codes[0] == 0 && codes[1] is 2 or 4, $"round {round}: {string.Join(" | ", results.Select(r => r.ToString()))}");
            var loser = results.Single(r => r.ExitCode != 0);
            Assert.Matches(loser.ExitCode == 4 ? "is being run by process [0-9]+" : "is finished; there is nothing to resume", loser.StandardError);
            await DurableDemo.AssertFinishedCorrectlyAsync(sandbox, id, outFile, 2, $"round {round}");
        }
    }
}
