using System.Globalization;
using System.Text.Json.Nodes;
using Messier.Flows.Tests.CrashMatrix;
using Messier.Flows.Tests.Support;

namespace Messier.Flows.Tests.Concurrency;

/// <summary>
/// A boot-time resume and an operator (or two operators) resume the same interrupted host flow at
/// the same moment. Exactly one of them may run it: the other is refused and told who holds it (or,
/// if it came late, finds nothing left to do), the host ends as after an uninterrupted run, and the
/// journal shows a single resumption. The engine's own tests cover the lease; this runs the real
/// binary twice against a flow that is moving real data on zfs-fuse.
/// </summary>
public sealed class ConcurrentResumeTests
{
    private const int Rounds = 6;

    [Fact]
    public async Task Of_two_simultaneous_resumes_of_an_interrupted_conversion_exactly_one_runs_it()
    {
        var scenario = ConversionWithABigFile;
        var (expected, writes) = await CrashMatrixRunner.ReferenceAsync(scenario);

        // Kill right after the copy's start is committed: the resume has a real copy to redo.
        var copyStarts = 1 + writes.ToList().FindIndex(w => CrashMatrixRunner.StartedTypes(w).Contains("CopyTree"));
        Assert.True(copyStarts > 0, "the conversion never started a CopyTree:\n" + string.Join("\n", writes));

        var refusals = 0;
        for (var round = 0; round < Rounds; round++)
        {
            // Half the rounds race two `resume ID`, the other half two `resume --all` (the boot unit's command).
            var byId = round % 2 == 0;
            var when = $"round {round} ({(byId ? "resume ID" : "resume --all")})";
            using var host = new FlowHost(driveBytes: scenario.DriveBytes);
            var file = host.Messier.PathOf("input.json");
            await File.WriteAllTextAsync(file, scenario.Prepare(host).ToJsonString());
            var crashed = await host.Messier.RunAsync(
                ["run", scenario.Flow, "--input-file", file],
                new Dictionary<string, string> { ["MESSIER_TEST_CRASH_AFTER_WRITES"] = copyStarts.ToString(CultureInfo.InvariantCulture) },
                TimeSpan.FromMinutes(5));
            Assert.True(crashed.ExitCode == 137, $"{when}: expected SIGKILL after write {copyStarts}\n{crashed}");
            var id = (await host.Messier.ListAsync()).Single()!["id"]!.GetValue<string>();

            string[] args = byId ? ["resume", id] : ["resume", "--all"];
            var results = await Task.WhenAll(
                host.Messier.RunAsync(args, timeout: TimeSpan.FromMinutes(5)),
                host.Messier.RunAsync(args, timeout: TimeSpan.FromMinutes(5)));
            var report = $"{when}:\n{string.Join("\n---\n", results.Select(r => r.ToString()))}";

            var winners = results.Where(r => r.ExitCode == 0 && !r.StandardOutput.Contains("No interrupted instances", StringComparison.Ordinal)).ToList();
            Assert.True(winners.Count == 1, "exactly one resume must run the instance to the end\n" + report);
            var loser = results.Single(r => !winners.Contains(r));
            if (loser.ExitCode == 4)
            {
                // Refused while the winner runs: it names the process that holds the instance.
                Assert.Matches("is being run by process [0-9]+", loser.StandardError);
                refusals++;
            }
            else if (byId)
            {
                Assert.True(loser.ExitCode == 2 && loser.StandardError.Contains("is finished; there is nothing to resume", StringComparison.Ordinal), "the late resume must say the instance is finished\n" + report);
            }
            else
            {
                Assert.True(loser.ExitCode == 0 && loser.StandardOutput.Contains("No interrupted instances", StringComparison.Ordinal), "the late resume --all must find nothing to do\n" + report);
            }

            Console.WriteLine($"concurrent resume, {when}: the other exited {loser.ExitCode}");
            var instance = await host.Messier.ShowAsync(id);
            Assert.Equal("finished", instance["status"]!.GetValue<string>());
            var journal = instance["journal"]!.AsArray();
            Assert.True(journal.Count(e => e!["event"]!.GetValue<string>() == "instance-resumed") == 1, $"{when}: the journal must show one resumption\n{string.Join("\n", journal.Select(e => e!.ToJsonString()))}");
            await CrashMatrixRunner.AssertConsistentJournalAsync(host, id, when);

            var actual = EndState.Of(host, scenario);
            Assert.True(expected.SequenceEqual(actual), $"{when}: the host differs from the uninterrupted run's\n- expected, not found:\n  {string.Join("\n  ", expected.Except(actual))}\n- found, not expected:\n  {string.Join("\n  ", actual.Except(expected))}");
        }

        // Both resumes start at the same moment and the copy takes seconds, so most rounds are a
        // real contention; if none was, this test did not test what it says.
        Assert.True(refusals > 0, "no round had one resume refused while the other ran");
    }

    /// <summary>directory-to-dataset on a tree with a 48 MB file, so the copy takes long enough for both resumes to meet.</summary>
    private static CrashScenario ConversionWithABigFile { get; } = new(
        "directory-to-dataset, with a big file",
        "directory-to-dataset",
        host =>
        {
            host.Zfs.CreatePool(host.PoolMountpoint);
            var service = host.PathOf("/srv/app");
            Directory.CreateDirectory(service);

            // The same incompressible bytes on every host (a seeded generator), so that the
            // rounds' hosts and the reference hold the same tree; ScenarioData fixes the mtimes.
            var bytes = new byte[48 * 1024 * 1024];
            new Random(20261123).NextBytes(bytes);
            File.WriteAllBytes(Path.Combine(service, "big.bin"), bytes);
            ScenarioData.Write(service, "app", files: 30);
            return new JsonObject { ["path"] = service, ["dataset"] = host.Pool + "/app" };
        },
        ["/srv/app"],
        DriveBytes: 384L * 1024 * 1024);
}
