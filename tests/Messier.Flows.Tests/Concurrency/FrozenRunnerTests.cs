using System.Diagnostics;
using System.Globalization;
using Messier.Flows.Tests.CrashMatrix;
using Messier.Flows.Tests.Support;

namespace Messier.Flows.Tests.Concurrency;

/// <summary>
/// A runner that is alive but stuck (SIGSTOP stands for a hung process, a frozen VM or a paused
/// SSH session) keeps its instance only while its lease lasts. After that a resume takes the
/// instance over, stops the copy the stuck runner left running, and finishes the flow. When the
/// stuck runner wakes up it has lost the lease: it must stop without writing to the journal or
/// touching the data again.
/// </summary>
public sealed class FrozenRunnerTests
{
    /// <summary>EngineOptions.LeaseDuration, which the CLI uses unchanged.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_runner_frozen_mid_copy_past_its_lease_is_taken_over_and_writes_nothing_when_it_wakes()
    {
        using var host = new FlowHost(driveBytes: ScenarioData.LargeConversionDriveBytes);
        var (service, input) = await ScenarioData.LargeConversionAsync(host);
        var before = TreeManifest.Of(service);

        using var stuck = host.Messier.Start(["run", "directory-to-dataset", "--input-file", input]);
        var stuckOutput = stuck.StandardOutput.ReadToEndAsync();
        var stuckErrors = stuck.StandardError.ReadToEndAsync();

        // Freeze the copy and the runner (a copy that crawls, from a runner that hangs), so the
        // rsync is still there when the lease runs out: its processes first (a local rsync forks a
        // receiver and a generator), before a fast copy can end, then the runner.
        IReadOnlyList<int> copies = [];
        try
        {
            Assert.True(await Poll.UntilAsync(() => (copies = RunningCopies.RsyncsWriting(service)).Count >= 2, TimeSpan.FromMinutes(2)), "rsync never started copying into the dataset");
            Shell.Must(["kill", "-STOP", .. copies.Select(Pid)]);
            copies = [.. copies.Union(RunningCopies.RsyncsWriting(service))];
            Shell.Must(["kill", "-STOP", .. copies.Select(Pid)]);
            var frozenAt = Stopwatch.StartNew();
            Shell.Must("kill", "-STOP", Pid(stuck.Id));
            var id = (await host.Messier.ListAsync()).Single()!["id"]!.GetValue<string>();

            // While the lease lasts, the stuck runner keeps the instance and is named.
            var early = await host.Messier.RunAsync(["resume", id]);
            Assert.True(early.ExitCode == 4, early.ToString());
            Assert.Contains($"is being run by process {stuck.Id}", early.StandardError, StringComparison.Ordinal);

            // Once it has run out, a resume takes over, stops the stuck runner's rsync and finishes.
            var wait = Lease + TimeSpan.FromSeconds(2) - frozenAt.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            var takeover = await host.Messier.RunAsync(["resume", id], timeout: TimeSpan.FromMinutes(5));
            Assert.True(takeover.ExitCode == 0, takeover.ToString());
            var afterTakeover = await host.Messier.ShowAsync(id);
            Assert.Equal("finished", afterTakeover["status"]!.GetValue<string>());
            var journal = afterTakeover["journal"]!.AsArray();
            var entries = string.Join("\n", journal.Select(e => e!.ToJsonString()));
            var resumed = journal.Single(e => e!["event"]!.GetValue<string>() == "instance-resumed")!["data"]!;
            Assert.True(resumed["tookOverFrom"]?.GetValue<string>()?.StartsWith($"process {stuck.Id} ", StringComparison.Ordinal) == true, entries);
            var stopped = journal.Where(e => e!["event"]!.GetValue<string>() == "log").Select(e => e!["data"]!["message"]!.GetValue<string>()).SingleOrDefault(m => m.StartsWith("stopped ", StringComparison.Ordinal));
            Assert.True(stopped is not null && copies.All(pid => stopped.Contains($"rsync (pid {pid})", StringComparison.Ordinal)), entries);
            Assert.Empty(RunningCopies.RsyncsWriting(service).Intersect(copies));
            before.AssertSameAs(TreeManifest.Of(service), wholeSecondMtimes: true);

            // The stuck runner wakes: it finds its lease gone and stops, writing nothing.
            Shell.Must("kill", "-CONT", Pid(stuck.Id));
            using (var exited = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
            {
                await stuck.WaitForExitAsync(exited.Token);
            }

            var report = $"exit {stuck.ExitCode}\n--- stdout\n{await stuckOutput}\n--- stderr\n{await stuckErrors}";
            Assert.True(stuck.ExitCode == 4, "the woken runner must stop with exit 4 (lease lost)\n" + report);
            Assert.True((await stuckErrors).Contains($"is no longer owned by process {stuck.Id} ", StringComparison.Ordinal) && (await stuckErrors).Contains("nothing was committed", StringComparison.Ordinal), report);

            var final = await host.Messier.ShowAsync(id);
            Assert.Equal("finished", final["status"]!.GetValue<string>());
            Assert.Equal(journal.Count, final["journal"]!.AsArray().Count);
            await CrashMatrixRunner.AssertConsistentJournalAsync(host, id, "after the stuck runner woke");
            before.AssertSameAs(TreeManifest.Of(service), wholeSecondMtimes: true);
            Assert.False(Directory.Exists(service + ".orig"));
            Assert.Equal(service, host.Property("media", "mountpoint"));
            Assert.Null(RunningCopies.RsyncWriting(service));
        }
        finally
        {
            // Whatever failed above, leave nothing frozen behind to hold the pool busy.
            foreach (var copy in copies)
            {
                Shell.Run("kill", "-KILL", Pid(copy));
            }

            if (!stuck.HasExited)
            {
                Shell.Run("kill", "-CONT", Pid(stuck.Id));
                stuck.Kill();
            }
        }
    }

    private static string Pid(int pid) => pid.ToString(CultureInfo.InvariantCulture);
}
