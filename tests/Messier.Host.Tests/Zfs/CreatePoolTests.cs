using System.Text.Json.Nodes;
using Messier.Host.Tests.Support;
using Messier.Workflows.Journal;

namespace Messier.Host.Tests.Zfs;

/// <summary>CreatePool against real file-backed drives and zfs-fuse.</summary>
public sealed class CreatePoolTests : IAsyncLifetime
{
    private readonly ZfsSandbox zfs = new(drives: 3);
    private readonly StepHarness harness = new();

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Creates_a_mirror_on_free_drives_with_its_properties_then_observes_it_done()
    {
        var activity = Activity(zfs.PoolName, [zfs.Drives[0], zfs.Drives[1]], """ "poolProperties":{"ashift":"13"},"filesystemProperties":{"compression":"gzip","atime":"off"}, """);

        var first = await harness.RunActivityAsync(activity);
        var second = await harness.RunActivityAsync(activity);

        Assert.True(first.Status == InstanceStatus.Finished, first.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.Completed], first.EventsOf("create"));
        Assert.True(zfs.PoolImported);
        var status = Shell.Must("zpool", "status", zfs.PoolName);
        Assert.Contains("mirror-0", status, StringComparison.Ordinal);
        Assert.Contains(zfs.Drives[0], status, StringComparison.Ordinal);
        Assert.Contains(zfs.Drives[1], status, StringComparison.Ordinal);
        Assert.DoesNotContain(zfs.Drives[2], status, StringComparison.Ordinal);
        Assert.Contains(" 13 ", Shell.Must("zpool", "get", "ashift", zfs.PoolName), StringComparison.Ordinal);
        Assert.Equal("gzip", zfs.ZfsGet(zfs.PoolName, "compression"));
        Assert.Equal("off", zfs.ZfsGet(zfs.PoolName, "atime"));
        Assert.Equal(zfs.PathOf("pool"), zfs.ZfsGet(zfs.PoolName, "mountpoint"));
        Assert.Equal("yes", zfs.ZfsGet(zfs.PoolName, "mounted"));
        var outputs = first.StepOutputs("create");
        Assert.True(outputs["created"]!.GetValue<bool>());
        Assert.Equal("ONLINE", outputs["health"]!.GetValue<string>());
        Assert.Contains(first.Commands, c => c.Argv.SequenceEqual([
            "zpool", "create", "-o", "ashift=13", "-O", "compression=gzip", "-O", "atime=off", "-m", zfs.PathOf("pool"), zfs.PoolName, "mirror", zfs.Drives[0], zfs.Drives[1]]));

        Assert.True(second.Status == InstanceStatus.Finished, second.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], second.EventsOf("create"));
        Assert.False(second.StepOutputs("create")["created"]!.GetValue<bool>());
        Assert.Empty(second.StepOutputs("create")["drift"]!.AsArray());
        Assert.DoesNotContain(second.Commands, c => c.Argv.Count > 1 && c.Argv[1] == "create");
    }

    [Fact]
    public async Task Drives_with_a_filesystem_or_a_partition_table_are_refused_and_left_as_they_were()
    {
        DriveFiles.Ext4(zfs.Drives[0], 128L * 1024 * 1024);
        DriveFiles.WithPartitionTable(zfs.Drives[1], 128L * 1024 * 1024);

        var result = await harness.RunActivityAsync(Activity(zfs.PoolName, [zfs.Drives[0], zfs.Drives[1]], retry: true));

        HarnessAssertions.FailedWithoutRetry(result, "create");
        var message = result.Run.Message!;
        Assert.Contains($"refusing to create pool {zfs.PoolName}", message, StringComparison.Ordinal);
        Assert.Contains($"{zfs.Drives[0]} has an ext4 signature", message, StringComparison.Ordinal);
        Assert.Contains($"{zfs.Drives[1]} has a dos partition table", message, StringComparison.Ordinal);
        Assert.False(zfs.PoolImported);
        Assert.Equal(["ext4"], DriveFiles.Signatures(zfs.Drives[0]));
        Assert.Equal(["dos"], DriveFiles.Signatures(zfs.Drives[1]));
        Assert.DoesNotContain(result.Commands, c => c.Argv.Count > 1 && c.Argv[1] == "create");
    }

    [Fact]
    public async Task Drives_carrying_an_exported_pools_label_are_refused_unless_forced()
    {
        using var other = new ScratchPool(zfs.PoolName + "o", zfs.DriveDirectory);
        other.Create(zfs.Drives[0], zfs.Drives[1]);
        other.Export();

        var refused = await harness.RunActivityAsync(Activity(zfs.PoolName, [zfs.Drives[0], zfs.Drives[1]]));

        Assert.Equal(InstanceStatus.Faulted, refused.Status);
        Assert.Contains($"{zfs.Drives[0]} has a ZFS label of pool '{other.Name}'", refused.Run.Message, StringComparison.Ordinal);
        Assert.Contains("Set force only if that data may be lost", refused.Run.Message, StringComparison.Ordinal);
        Assert.False(zfs.PoolImported);
        Assert.Contains($"pool: {other.Name}", Shell.Run("zpool", "import", "-d", zfs.DriveDirectory).Output, StringComparison.Ordinal);

        var forced = await harness.RunActivityAsync(Activity(zfs.PoolName, [zfs.Drives[0], zfs.Drives[1]], """ "force":true, """));

        Assert.True(forced.Status == InstanceStatus.Finished, forced.ToString());
        Assert.True(zfs.PoolImported);
        Assert.Contains(forced.Commands, c => c.Argv.Take(3).SequenceEqual(["zpool", "create", "-f"]));
    }

    [Fact]
    public async Task A_drive_of_an_imported_pool_is_refused_even_with_force()
    {
        using var other = new ScratchPool(zfs.PoolName + "o", zfs.DriveDirectory);
        other.Create(zfs.Drives[0], zfs.Drives[1]);

        var result = await harness.RunActivityAsync(Activity(zfs.PoolName, [zfs.Drives[1], zfs.Drives[2]], """ "force":true, """));

        Assert.Equal(InstanceStatus.Faulted, result.Status);
        Assert.Contains($"{zfs.Drives[1]} has a ZFS label of pool '{other.Name}', and pool '{other.Name}' is imported (force does not override this)", result.Run.Message, StringComparison.Ordinal);
        Assert.False(zfs.PoolImported);
        Assert.Equal("ONLINE", Shell.Must("zpool", "list", "-H", "-o", "health", other.Name).Trim());
        Assert.Empty(DriveFiles.Signatures(zfs.Drives[2]));
    }

    [Fact]
    public async Task An_imported_pool_on_other_drives_fails_naming_the_difference()
    {
        Shell.Must("zpool", "create", "-m", zfs.PathOf("pool"), zfs.PoolName, "mirror", zfs.Drives[0], zfs.Drives[1]);

        var result = await harness.RunActivityAsync(Activity(zfs.PoolName, [zfs.Drives[0], zfs.Drives[2]], retry: true));

        HarnessAssertions.FailedWithoutRetry(result, "create");
        Assert.Contains($"pool {zfs.PoolName} is already imported, but it is mirror-0 of {zfs.Drives[0]}, {zfs.Drives[1]}", result.Run.Message, StringComparison.Ordinal);
        Assert.Contains($"not on {zfs.Drives[2]}; also on {zfs.Drives[1]}", result.Run.Message, StringComparison.Ordinal);
        Assert.Empty(DriveFiles.Signatures(zfs.Drives[2]));
    }

    [Fact]
    public async Task Unsupported_properties_are_refused_before_any_drive_is_touched()
    {
        var result = await harness.RunActivityAsync(Activity(zfs.PoolName, [zfs.Drives[0], zfs.Drives[1]], """ "poolProperties":{"autotrim":"on"},"filesystemProperties":{"compression":"lz4"}, """));

        Assert.Equal(InstanceStatus.Faulted, result.Status);
        Assert.Contains("autotrim is not supported by this ZFS (zfs-fuse, pool version 23)", result.Run.Message, StringComparison.Ordinal);
        Assert.Contains("compression=lz4 is not supported", result.Run.Message, StringComparison.Ordinal);
        Assert.False(zfs.PoolImported);
        Assert.Empty(DriveFiles.Signatures(zfs.Drives[0]));
        Assert.DoesNotContain(result.Commands, c => c.Argv[0] == "wipefs" || (c.Argv.Count > 1 && c.Argv[1] == "create"));
    }

    [Fact]
    public async Task A_non_empty_mountpoint_is_refused_because_the_pool_would_hide_it()
    {
        Directory.CreateDirectory(zfs.PathOf("pool"));
        await File.WriteAllTextAsync(Path.Combine(zfs.PathOf("pool"), "precious"), "data");

        var result = await harness.RunActivityAsync(Activity(zfs.PoolName, [zfs.Drives[0], zfs.Drives[1]]));

        Assert.Equal(InstanceStatus.Faulted, result.Status);
        Assert.Contains("non-empty directory", result.Run.Message, StringComparison.Ordinal);
        Assert.False(zfs.PoolImported);
        Assert.Empty(DriveFiles.Signatures(zfs.Drives[0]));
    }

    [Fact]
    public async Task A_dry_run_plans_the_creation_and_creates_nothing()
    {
        var result = await harness.RunActivityAsync(Activity(zfs.PoolName, [zfs.Drives[0], zfs.Drives[1]]), dryRun: true);

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        Assert.False(zfs.PoolImported);
        Assert.Empty(DriveFiles.Signatures(zfs.Drives[0]));
        Assert.Empty(DriveFiles.Signatures(zfs.Drives[1]));
    }

    [Fact]
    public async Task A_dry_run_already_shows_the_refusal_of_a_used_drive()
    {
        DriveFiles.Ext4(zfs.Drives[1], 128L * 1024 * 1024);

        var result = await harness.RunActivityAsync(Activity(zfs.PoolName, [zfs.Drives[0], zfs.Drives[1]]), dryRun: true);

        Assert.Equal(InstanceStatus.Faulted, result.Status);
        Assert.Contains($"{zfs.Drives[1]} has an ext4 signature", result.Run.Message, StringComparison.Ordinal);
        Assert.Equal(["ext4"], DriveFiles.Signatures(zfs.Drives[1]));
        Assert.False(zfs.PoolImported);
    }

    [Theory]
    [InlineData("p; rm -rf /", null)]
    [InlineData("-f", null)]
    [InlineData("mirror", null)]
    [InlineData(null, "-f")]
    [InlineData(null, "drive1")]
    public async Task Hostile_names_and_devices_are_refused_before_anything_runs(string? pool, string? device)
    {
        var devices = device is null ? [zfs.Drives[0], zfs.Drives[1]] : new[] { zfs.Drives[0], device };

        var result = await harness.RunActivityAsync(Activity(pool ?? zfs.PoolName, devices, retry: true));

        HarnessAssertions.FailedWithoutRetry(result, "create");
        Assert.Contains("Nothing was run", result.Run.Message, StringComparison.Ordinal);
        Assert.Empty(result.Commands);
        Assert.Empty(DriveFiles.Signatures(zfs.Drives[0]));
    }

    [Fact]
    public async Task An_option_like_property_value_stays_one_argv_word()
    {
        // "-f" as a value is one word after -O: zfs rejects the value, and nothing reads it as a flag.
        var result = await harness.RunActivityAsync(Activity(zfs.PoolName, [zfs.Drives[0], zfs.Drives[1]], """ "filesystemProperties":{"atime":"-f"}, """));

        Assert.Equal(InstanceStatus.Faulted, result.Status);
        Assert.Contains("filesystem property atime=-f is not supported", result.Run.Message, StringComparison.Ordinal);
        Assert.False(zfs.PoolImported);
    }

    private string Activity(string pool, IReadOnlyList<string> devices, string extra = "", bool retry = false) =>
        $$"""
        {"type":"CreatePool","id":"create","pool":{{JsonValue.Create(pool).ToJsonString()}},{{extra}}
         "devices":{{new JsonArray(devices.Select(d => (JsonNode)JsonValue.Create(d)).ToArray()).ToJsonString()}},
         {{(retry ? HarnessAssertions.ThreeAttempts + "," : string.Empty)}}
         "mountpoint":"{{zfs.PathOf("pool")}}"}
        """;

    public async Task DisposeAsync()
    {
        await harness.DisposeAsync();
        zfs.Dispose();
    }
}
