using Messier.Host.Tests.Support;
using Messier.Workflows.Journal;

namespace Messier.Host.Tests.Zfs;

/// <summary>MountDataset against a real zfs-fuse pool.</summary>
public sealed class MountDatasetTests : IAsyncLifetime
{
    private readonly ZfsSandbox zfs = new();
    private readonly StepHarness harness = new();

    private string Dataset => $"{zfs.PoolName}/docker";

    private string Mountpoint => zfs.PathOf("docker");

    public Task InitializeAsync()
    {
        zfs.CreatePool();
        Shell.Must("zfs", "create", "-o", $"mountpoint={Mountpoint}", Dataset);
        File.WriteAllText(Path.Combine(Mountpoint, "on-zfs"), "image layers");
        Shell.Must("zfs", "umount", Dataset);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Mounts_an_unmounted_dataset_then_observes_it_done()
    {
        var first = await RunAsync(Dataset);
        var second = await RunAsync(Dataset);

        Assert.True(first.Status == InstanceStatus.Finished, first.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.Completed], first.EventsOf("mount"));
        Assert.Equal("yes", zfs.ZfsGet(Dataset, "mounted"));
        Assert.Equal("image layers", await File.ReadAllTextAsync(Path.Combine(Mountpoint, "on-zfs")));
        Assert.True(first.StepOutputs("mount")["mountedNow"]!.GetValue<bool>());
        Assert.Equal(Mountpoint, first.StepOutputs("mount")["mountpoint"]!.GetValue<string>());
        Assert.Contains(first.Commands, c => c.Argv.SequenceEqual(["zfs", "mount", Dataset]));

        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], second.EventsOf("mount"));
        Assert.DoesNotContain(second.Commands, c => c.Argv.SequenceEqual(["zfs", "mount", Dataset]));
    }

    [Fact]
    public async Task A_failed_mount_fails_with_zfs_own_message_and_hides_nothing()
    {
        await File.WriteAllTextAsync(Path.Combine(Mountpoint, "written-while-unmounted"), "x");

        var result = await RunAsync(Dataset, retry: true);

        HarnessAssertions.FailedWithoutRetry(result, "mount");
        Assert.Contains($"ZFS mount of {Dataset} failed: cannot mount '{Mountpoint}': directory is not empty", result.Run.Message, StringComparison.Ordinal);
        Assert.Equal("no", zfs.ZfsGet(Dataset, "mounted"));
        Assert.Equal("x", await File.ReadAllTextAsync(Path.Combine(Mountpoint, "written-while-unmounted")));
    }

    [Fact]
    public async Task A_missing_dataset_fails_with_zfs_own_message()
    {
        var result = await RunAsync($"{zfs.PoolName}/nothing", retry: true);

        HarnessAssertions.FailedWithoutRetry(result, "mount");
        Assert.Contains($"ZFS mount of {zfs.PoolName}/nothing failed: cannot open '{zfs.PoolName}/nothing': dataset does not exist", result.Run.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dry_run_plans_the_mount_and_mounts_nothing()
    {
        var result = await RunAsync(Dataset, dryRun: true);

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        Assert.Equal("no", zfs.ZfsGet(Dataset, "mounted"));
    }

    [Theory]
    [InlineData("-a")]
    [InlineData("-O")]
    [InlineData("pool/ds; reboot")]
    public async Task An_option_like_or_hostile_dataset_is_refused_before_anything_runs(string dataset)
    {
        var result = await RunAsync(dataset, retry: true);

        HarnessAssertions.FailedWithoutRetry(result, "mount");
        Assert.Contains("is not a valid ZFS dataset name", result.Run.Message, StringComparison.Ordinal);
        Assert.Empty(result.Commands);
        Assert.Equal("no", zfs.ZfsGet(Dataset, "mounted"));
    }

    private Task<HarnessResult> RunAsync(string dataset, bool retry = false, bool dryRun = false) =>
        harness.RunActivityAsync(
            $$"""{"type":"MountDataset","id":"mount",{{(retry ? HarnessAssertions.ThreeAttempts + "," : string.Empty)}}"dataset":{{System.Text.Json.Nodes.JsonValue.Create(dataset).ToJsonString()}}}""",
            dryRun);

    public async Task DisposeAsync()
    {
        await harness.DisposeAsync();
        zfs.Dispose();
    }
}
