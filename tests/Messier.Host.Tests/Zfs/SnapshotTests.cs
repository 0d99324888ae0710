using Messier.Host.Tests.Support;
using Messier.Host.Zfs;
using Messier.Workflows.Journal;

namespace Messier.Host.Tests.Zfs;

/// <summary>Snapshot, LatestSnapshot and Rollback against a real zfs-fuse dataset.</summary>
public sealed class SnapshotTests : IAsyncLifetime
{
    private readonly ZfsSandbox zfs = new();
    private readonly StepHarness harness = new();

    private string Dataset => $"{zfs.PoolName}/apps";

    private string DataFile => Path.Combine(zfs.PathOf("apps"), "config.yml");

    public async Task InitializeAsync()
    {
        zfs.CreatePool();
        Shell.Must("zfs", "create", "-o", $"mountpoint={zfs.PathOf("apps")}", Dataset);
        await File.WriteAllTextAsync(DataFile, "version: 1");
    }

    [Fact]
    public async Task Snapshot_takes_a_snapshot_once_then_observes_it_done()
    {
        var activity = $$"""{"type":"Snapshot","id":"snap","name":"{{Dataset}}@before"}""";

        var first = await harness.RunActivityAsync(activity);
        var second = await harness.RunActivityAsync(activity);

        Assert.True(first.Status == InstanceStatus.Finished, first.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.Completed], first.EventsOf("snap"));
        Assert.Equal([$"{Dataset}@before"], Snapshots());
        Assert.True(first.StepOutputs("snap")["created"]!.GetValue<bool>());
        Assert.Equal(Dataset, first.StepOutputs("snap")["dataset"]!.GetValue<string>());
        Assert.Contains(first.Commands, c => c.Argv.SequenceEqual(["zfs", "snapshot", $"{Dataset}@before"]));
        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], second.EventsOf("snap"));
        Assert.False(second.StepOutputs("snap")["created"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Snapshot_in_a_dry_run_takes_nothing()
    {
        var result = await harness.RunActivityAsync($$"""{"type":"Snapshot","id":"snap","name":"{{Dataset}}@before"}""", dryRun: true);

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        Assert.Empty(Snapshots());
    }

    [Theory]
    [InlineData("nothing@s", "does not exist")]
    [InlineData("@s", "is not a valid ZFS snapshot name")]
    [InlineData("apps@-r", "is not a valid ZFS snapshot name")]
    [InlineData("apps", "is not a valid ZFS snapshot name")]
    public async Task Snapshot_refuses_bad_names_and_missing_datasets(string suffix, string expected)
    {
        var name = suffix.StartsWith('@') ? suffix : $"{zfs.PoolName}/{suffix}";

        var result = await harness.RunActivityAsync($$"""{"type":"Snapshot","id":"snap","name":"{{name}}",{{HarnessAssertions.ThreeAttempts}}}""");

        HarnessAssertions.FailedWithoutRetry(result, "snap");
        Assert.Contains(expected, result.Run.Message, StringComparison.Ordinal);
        Assert.Empty(Snapshots());
    }

    [Fact]
    public async Task LatestSnapshot_names_the_newest_own_snapshot_even_within_one_second()
    {
        Shell.Must("zfs", "snapshot", $"{Dataset}@a");
        Shell.Must("zfs", "snapshot", $"{Dataset}@b");
        Shell.Must("zfs", "create", $"{Dataset}/child");
        Shell.Must("zfs", "snapshot", $"{Dataset}/child@c");

        var result = await harness.RunActivityAsync($$"""{"type":"LatestSnapshot","id":"latest","dataset":"{{Dataset}}"}""");

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], result.EventsOf("latest"));
        var outputs = result.StepOutputs("latest");
        Assert.Equal($"{Dataset}@b", outputs["snapshot"]!.GetValue<string>());
        Assert.Equal(2, outputs["count"]!.GetValue<int>());
        Assert.Equal([$"{Dataset}@a", $"{Dataset}@b"], outputs["snapshots"]!.AsArray().Select(s => s!.GetValue<string>()));
    }

    [Fact]
    public async Task LatestSnapshot_of_a_dataset_without_snapshots_is_null_and_of_a_missing_one_fails()
    {
        var none = await harness.RunActivityAsync($$"""{"type":"LatestSnapshot","id":"latest","dataset":"{{Dataset}}"}""");
        var missing = await harness.RunActivityAsync($$"""{"type":"LatestSnapshot","id":"latest","dataset":"{{zfs.PoolName}}/nothing"}""");

        Assert.True(none.Status == InstanceStatus.Finished, none.ToString());
        Assert.Null(none.StepOutputs("latest")["snapshot"]);
        Assert.Equal(0, none.StepOutputs("latest")["count"]!.GetValue<int>());
        Assert.Equal(InstanceStatus.Faulted, missing.Status);
        Assert.Contains($"dataset {zfs.PoolName}/nothing does not exist", missing.Run.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_to_the_latest_snapshot_restores_its_content()
    {
        Shell.Must("zfs", "snapshot", $"{Dataset}@good");
        await File.WriteAllTextAsync(DataFile, "version: 2 (broken)");
        await File.WriteAllTextAsync(Path.Combine(zfs.PathOf("apps"), "stray"), "x");

        var result = await harness.RunActivityAsync($$"""{"type":"Rollback","id":"rollback","dataset":"{{Dataset}}"}""");

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.Completed], result.EventsOf("rollback"));
        Assert.Equal("version: 1", await File.ReadAllTextAsync(DataFile));
        Assert.False(File.Exists(Path.Combine(zfs.PathOf("apps"), "stray")));
        Assert.Equal("yes", zfs.ZfsGet(Dataset, "mounted"));
        var outputs = result.StepOutputs("rollback");
        Assert.Equal($"{Dataset}@good", outputs["snapshot"]!.GetValue<string>());
        Assert.True(outputs["rolledBack"]!.GetValue<bool>());
        Assert.Empty(outputs["destroyed"]!.AsArray());
        Assert.Contains(result.Commands, c => c.Argv.SequenceEqual(["zfs", "rollback", $"{Dataset}@good"]));
    }

    [Fact]
    public async Task Rollback_again_on_zfs_fuse_rolls_back_again_because_it_cannot_rule_out_changes()
    {
        // zfs-fuse has no 'written' property: the observe cannot prove "unchanged", so the
        // step is applied again, which leaves the dataset as the snapshot (harmless).
        Shell.Must("zfs", "snapshot", $"{Dataset}@good");
        var activity = $$"""{"type":"Rollback","id":"rollback","dataset":"{{Dataset}}"}""";
        await harness.RunActivityAsync(activity);

        var again = await harness.RunActivityAsync(activity);

        Assert.True(again.Status == InstanceStatus.Finished, again.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.Completed], again.EventsOf("rollback"));
        Assert.Contains(again.Commands, c => c.Argv.SequenceEqual(["zfs", "get", "-H", "-p", "-o", "value", "written", Dataset]) && c.ExitCode != 0);
        Assert.Equal("version: 1", await File.ReadAllTextAsync(DataFile));
        Assert.Equal([$"{Dataset}@good"], Snapshots());
    }

    [Fact]
    public async Task Rollback_to_an_older_snapshot_is_refused_while_newer_ones_exist()
    {
        Shell.Must("zfs", "snapshot", $"{Dataset}@old");
        await File.WriteAllTextAsync(DataFile, "version: 2");
        Shell.Must("zfs", "snapshot", $"{Dataset}@new");

        var result = await harness.RunActivityAsync($$"""{"type":"Rollback","id":"rollback","dataset":"{{Dataset}}","snapshot":"old",{{HarnessAssertions.ThreeAttempts}}}""");

        HarnessAssertions.FailedWithoutRetry(result, "rollback");
        Assert.Contains($"rolling {Dataset} back to {Dataset}@old would destroy the newer snapshot {Dataset}@new (zfs rollback -r). Set destroyNewer", result.Run.Message, StringComparison.Ordinal);
        Assert.Equal([$"{Dataset}@old", $"{Dataset}@new"], Snapshots());
        Assert.Equal("version: 2", await File.ReadAllTextAsync(DataFile));
        Assert.DoesNotContain(result.Commands, c => c.Argv.Count > 1 && c.Argv[1] == "rollback");
    }

    [Fact]
    public async Task Rollback_with_destroyNewer_destroys_the_newer_snapshots_and_restores_the_older_one()
    {
        Shell.Must("zfs", "snapshot", $"{Dataset}@old");
        await File.WriteAllTextAsync(DataFile, "version: 2");
        Shell.Must("zfs", "snapshot", $"{Dataset}@new");

        var result = await harness.RunActivityAsync($$"""{"type":"Rollback","id":"rollback","dataset":"{{Dataset}}","snapshot":"{{Dataset}}@old","destroyNewer":true}""");

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        Assert.Equal([$"{Dataset}@old"], Snapshots());
        Assert.Equal("version: 1", await File.ReadAllTextAsync(DataFile));
        Assert.Equal([$"{Dataset}@new"], result.StepOutputs("rollback")["destroyed"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Contains(result.Commands, c => c.Argv.SequenceEqual(["zfs", "rollback", "-r", $"{Dataset}@old"]));
    }

    [Fact]
    public async Task Rollback_in_a_dry_run_changes_nothing()
    {
        Shell.Must("zfs", "snapshot", $"{Dataset}@old");
        await File.WriteAllTextAsync(DataFile, "version: 2");
        Shell.Must("zfs", "snapshot", $"{Dataset}@new");
        await File.WriteAllTextAsync(DataFile, "version: 3");

        var result = await harness.RunActivityAsync($$"""{"type":"Rollback","id":"rollback","dataset":"{{Dataset}}","snapshot":"old","destroyNewer":true}""", dryRun: true);

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        Assert.Equal([$"{Dataset}@old", $"{Dataset}@new"], Snapshots());
        Assert.Equal("version: 3", await File.ReadAllTextAsync(DataFile));
    }

    [Theory]
    [InlineData(null, "has no snapshots to roll back to")]
    [InlineData("missing", "does not exist; the snapshots of")]
    [InlineData("other/ds@s", "is not a snapshot of")]
    public async Task Rollback_refuses_what_it_cannot_do(string? snapshot, string expected)
    {
        if (snapshot is not null)
        {
            Shell.Must("zfs", "snapshot", $"{Dataset}@present");
        }

        var target = snapshot is null ? string.Empty : $"\"snapshot\":\"{(snapshot.Contains('@', StringComparison.Ordinal) ? zfs.PoolName + "/" + snapshot : snapshot)}\",";
        var result = await harness.RunActivityAsync($$"""{"type":"Rollback","id":"rollback","dataset":"{{Dataset}}",{{target}}{{HarnessAssertions.ThreeAttempts}}}""");

        HarnessAssertions.FailedWithoutRetry(result, "rollback");
        Assert.Contains(expected, result.Run.Message, StringComparison.Ordinal);
        Assert.Equal("version: 1", await File.ReadAllTextAsync(DataFile));
    }

    [Fact]
    public async Task The_read_only_activities_never_apply()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new LatestSnapshotActivity().ApplyAsync(null!, CancellationToken.None));
        Assert.Contains("read-only", error.Message, StringComparison.Ordinal);
    }

    private string[] Snapshots() =>
        Shell.Must("zfs", "list", "-H", "-t", "snapshot", "-o", "name", "-s", "createtxg", "-d", "1", Dataset)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public async Task DisposeAsync()
    {
        await harness.DisposeAsync();
        zfs.Dispose();
    }
}
