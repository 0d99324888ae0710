using System.Globalization;
using System.Text.Json.Nodes;
using Messier.Flows.Tests.Support;

namespace Messier.Flows.Tests;

/// <summary>
/// The journal, not the look of the mountpoint, says where an interrupted restore was: orig-restore
/// is SIGKILLed after each of its journal writes (a step's start, a command, a completion) while it
/// copies a .orig into an empty zfs-fuse dataset, then `messier resume --all` finishes it. A copy
/// killed half way leaves a non-empty dataset, which the seed's script took for "restored" and so
/// deleted the .orig; here every run must end with the data identical and the .orig removed only
/// after the copy was verified.
/// </summary>
public sealed class OrigRestoreCrashTests : IDisposable
{
    private readonly FlowHost host = new();

    public OrigRestoreCrashTests()
    {
        host.Zfs.CreatePool(host.PoolMountpoint);
        Shell.Must("zfs", "create", "-o", "mountpoint=" + Data, Dataset);
        Directory.CreateDirectory(Pristine);
        Directory.CreateDirectory(Path.Combine(Pristine, "volumes", "db", "_data"));
        for (var i = 0; i < 40; i++)
        {
            File.WriteAllText(Path.Combine(Pristine, "volumes", "db", "_data", $"part{i:00}"), new string((char)('a' + (i % 26)), 20_000));
        }

        File.WriteAllText(Path.Combine(Pristine, ".hidden"), "dotfile");
        File.CreateSymbolicLink(Path.Combine(Pristine, "link"), "volumes/db");
    }

    private string Dataset => host.Pool + "/docker";

    private string Data => host.PathOf("/var/lib/docker");

    private string Orig => Data + ".orig";

    private string Pristine => host.Zfs.PathOf("pristine");

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task Killed_after_any_journal_write_the_restore_resumes_and_ends_as_an_uninterrupted_one()
    {
        var expected = TreeManifest.Of(Pristine);
        var input = new JsonObject { ["path"] = Data, ["dataset"] = Dataset };
        var killed = 0;
        for (var crashAfter = 1; crashAfter < 200; crashAfter++)
        {
            Reset();
            var crashed = await RunAsync(input, crashAfter);
            if (crashed.ExitCode == 0)
            {
                // Fewer writes than crashAfter: every boundary has been tried.
                AssertRestored(expected, "uninterrupted run");
                break;
            }

            Assert.True(crashed.ExitCode == 137, $"crash after write {crashAfter}: expected SIGKILL (137)\n{crashed}");
            killed++;
            var status = Assert.Single(await host.Messier.ListAsync())!["status"]!.GetValue<string>();
            if (status != "finished")
            {
                var resumed = await host.Messier.RunAsync(["resume", "--all"]);
                Assert.True(resumed.ExitCode == 0, $"resume after write {crashAfter}\n{resumed}");
            }

            AssertRestored(expected, $"crash after write {crashAfter}");
            await AssertVerifiedBeforeRemovedAsync($"crash after write {crashAfter}");
        }

        // Creation, then for each step its start and completion, plus every command recorded.
        Assert.True(killed >= 15, $"only {killed} journal writes were tried");
    }

    /// <summary>An empty dataset and a fresh .orig, as an older script's interrupted run left them; a fresh journal.</summary>
    private void Reset()
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(Data))
        {
            Shell.Must("rm", "-rf", entry);
        }

        if (Directory.Exists(Orig))
        {
            Shell.Must("rm", "-rf", Orig);
        }

        Shell.Must("cp", "-a", Pristine, Orig);
        foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(host.Messier.JournalPath)!, "journal.db*"))
        {
            File.Delete(file);
        }
    }

    private async Task<ProcessResult> RunAsync(JsonObject input, int crashAfter)
    {
        var file = host.Messier.PathOf("input.json");
        await File.WriteAllTextAsync(file, input.ToJsonString());
        return await host.Messier.RunAsync(
            ["run", "orig-restore", "--input-file", file],
            new Dictionary<string, string> { ["MESSIER_TEST_CRASH_AFTER_WRITES"] = crashAfter.ToString(CultureInfo.InvariantCulture) });
    }

    private void AssertRestored(TreeManifest expected, string when)
    {
        Assert.True(!Directory.Exists(Orig), $"{when}: {Orig} is still there");
        Assert.False(Directory.Exists(Orig + ".messier-removing"), when);
        var actual = TreeManifest.Of(Data);
        Assert.True(
            expected.Entries.Keys.Order(StringComparer.Ordinal).SequenceEqual(actual.Entries.Keys.Order(StringComparer.Ordinal)),
            $"{when}: the dataset holds other entries than the backup had");
        expected.AssertSameAs(actual, wholeSecondMtimes: true);
    }

    private async Task AssertVerifiedBeforeRemovedAsync(string when)
    {
        var id = Assert.Single(await host.Messier.ListAsync())!["id"]!.GetValue<string>();
        var journal = (await host.Messier.ShowAsync(id))["journal"]!.AsArray();
        var events = journal.Select(e => $"{e!["activityId"]?.GetValue<string>()}:{e["event"]!.GetValue<string>()}").ToList();
        var verified = events.FindIndex(e => e is "verify:observed-done");
        var removing = events.FindIndex(e => e.StartsWith("remove-orig:", StringComparison.Ordinal));
        Assert.True(verified >= 0 && removing > verified, $"{when}: the .orig's removal did not wait for the verification:\n{string.Join("\n", events)}");
    }
}
