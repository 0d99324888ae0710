using System.Text.Json.Nodes;
using Messier.Flows.Tests.Support;

namespace Messier.Flows.Tests;

/// <summary>
/// orig-restore, the seed's "handle Docker data" logic without its guesses, on a real zfs-fuse
/// dataset mounted at the test's /var/lib/docker, with .orig backups as an older script left them.
/// </summary>
public sealed class OrigRestoreTests : IDisposable
{
    private readonly FlowHost host = new();

    public OrigRestoreTests()
    {
        host.Zfs.CreatePool(host.PoolMountpoint);
        Shell.Must("zfs", "create", "-o", "mountpoint=" + Data, Dataset);
    }

    private string Dataset => host.Pool + "/docker";

    private string Data => host.PathOf("/var/lib/docker");

    private string Orig => Data + ".orig";

    private JsonObject Input => new() { ["path"] = Data, ["dataset"] = Dataset };

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task Without_a_backup_there_is_nothing_to_do()
    {
        var result = await host.RunAsync("orig-restore", Input);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("none", FlowHost.OutputsOf(result)["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_backup_beside_an_empty_dataset_is_copied_in_verified_and_only_then_removed()
    {
        WriteDockerState(Orig);
        var backup = TreeManifest.Of(Orig);

        var result = await host.RunAsync("orig-restore", Input);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("restored", FlowHost.OutputsOf(result)["outcome"]!.GetValue<string>());
        backup.AssertSameAs(TreeManifest.Of(Data), wholeSecondMtimes: true);
        Assert.False(Directory.Exists(Orig));
        var journal = await JournalOf(result);
        Assert.True(Index(journal, "verify", "observed-done") < Index(journal, "remove-orig", "started"), "the copy was verified before the backup was removed");
    }

    [Fact]
    public async Task A_legacy_backup_identical_to_the_dataset_is_removed()
    {
        WriteDockerState(Data);
        Shell.Must("cp", "-a", Data, Orig);

        var result = await host.RunAsync("orig-restore", Input);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("identical-removed", FlowHost.OutputsOf(result)["outcome"]!.GetValue<string>());
        Assert.False(Directory.Exists(Orig));
        Assert.Equal("1\n2\n3\n", File.ReadAllText(Path.Combine(Data, "volumes", "db", "_data", "rows")));
    }

    [Fact]
    public async Task A_legacy_backup_that_differs_waits_for_an_approval_saying_what_differs_and_is_never_deleted()
    {
        WriteDockerState(Data);
        Shell.Must("cp", "-a", Data, Orig);
        File.WriteAllText(Path.Combine(Orig, "volumes", "db", "_data", "rows"), "1\n2\n3\n4\n");
        File.WriteAllText(Path.Combine(Orig, "only-in-backup"), "x");
        var backup = TreeManifest.Of(Orig);
        var dataset = TreeManifest.Of(Data);

        var suspended = await host.RunAsync("orig-restore", Input);

        Assert.True(suspended.ExitCode == 3, suspended.ToString());
        Assert.Contains($"{Orig} differs from the dataset {Dataset}", suspended.StandardError, StringComparison.Ordinal);
        Assert.Contains("only-in-backup", suspended.StandardError, StringComparison.Ordinal);
        Assert.Contains("rows", suspended.StandardError, StringComparison.Ordinal);
        backup.AssertSameAs(TreeManifest.Of(Orig));
        dataset.AssertSameAs(TreeManifest.Of(Data));

        var id = suspended.StdoutLines[0];
        var approved = await host.Messier.RunAsync(["approve", id]);

        Assert.True(approved.ExitCode == 0, approved.ToString());
        Assert.Equal("kept", (await host.Messier.ShowAsync(id))["outputs"]!["outcome"]!.GetValue<string>());
        Assert.False(Directory.Exists(Orig));
        backup.AssertSameAs(TreeManifest.Of(Orig + ".kept"));
        dataset.AssertSameAs(TreeManifest.Of(Data));
    }

    [Fact]
    public async Task A_dataset_that_cannot_be_mounted_aborts_as_the_seed_does_and_keeps_the_backup()
    {
        WriteDockerState(Orig);
        var backup = TreeManifest.Of(Orig);
        var blocker = host.Zfs.PathOf("a-file");
        File.WriteAllText(blocker, "not a directory");
        // zfs sets the property, then fails to mount there (and says so): the dataset is left unmounted.
        Shell.Run("zfs", "set", "mountpoint=" + blocker + "/docker", Dataset);
        Assert.Equal(blocker + "/docker", host.Zfs.ZfsGet(Dataset, "mountpoint"));

        var result = await host.RunAsync("orig-restore", Input);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("Cannot restore data: ZFS mount failed", result.StandardError, StringComparison.Ordinal);
        backup.AssertSameAs(TreeManifest.Of(Orig));
    }

    [Fact]
    public async Task A_dry_run_says_it_would_copy_and_changes_nothing()
    {
        WriteDockerState(Orig);
        var backup = TreeManifest.Of(Orig);

        var result = await host.RunAsync("orig-restore", Input, "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("would copy " + Orig, result.StandardOutput, StringComparison.Ordinal);
        backup.AssertSameAs(TreeManifest.Of(Orig));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Data));
    }

    /// <summary>A small stand-in for Docker's data: a volume with rows, a dotfile, a symlink, a hard link.</summary>
    private static void WriteDockerState(string root)
    {
        Directory.CreateDirectory(Path.Combine(root, "volumes", "db", "_data"));
        File.WriteAllText(Path.Combine(root, "volumes", "db", "_data", "rows"), "1\n2\n3\n");
        File.WriteAllText(Path.Combine(root, ".hidden"), "dotfile");
        File.CreateSymbolicLink(Path.Combine(root, "link"), "volumes/db");
        Shell.Must("ln", Path.Combine(root, ".hidden"), Path.Combine(root, "hard"));
    }

    private async Task<JsonArray> JournalOf(ProcessResult result) =>
        (await host.Messier.ShowAsync(result.StdoutLines[0]))["journal"]!.AsArray();

    private static int Index(JsonArray journal, string activity, string @event)
    {
        for (var i = 0; i < journal.Count; i++)
        {
            if (journal[i]!["activityId"]?.GetValue<string>() == activity && journal[i]!["event"]!.GetValue<string>() == @event)
            {
                return i;
            }
        }

        Assert.Fail($"no {@event} of {activity} in the journal");
        return -1;
    }
}
