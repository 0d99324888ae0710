using Messier.Host.Tests.Support;
using Messier.Workflows.Journal;

namespace Messier.Host.Tests.Zfs;

/// <summary>EnsureDataset against a real zfs-fuse pool.</summary>
public sealed class EnsureDatasetTests : IAsyncLifetime
{
    private readonly ZfsSandbox zfs = new();
    private readonly StepHarness harness = new();

    public Task InitializeAsync()
    {
        zfs.CreatePool();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Creates_a_missing_dataset_mounted_with_its_properties_then_observes_it_done()
    {
        var mountpoint = zfs.PathOf("apps");
        var activity = $$$"""{"type":"EnsureDataset","id":"apps","name":"{{{zfs.PoolName}}}/apps","mountpoint":"{{{mountpoint}}}","properties":{"atime":"off"}}""";

        var first = await harness.RunActivityAsync(activity);
        var second = await harness.RunActivityAsync(activity);

        Assert.True(first.Status == InstanceStatus.Finished, first.ToString());
        Assert.Equal("yes", zfs.ZfsGet($"{zfs.PoolName}/apps", "mounted"));
        Assert.Equal(mountpoint, zfs.ZfsGet($"{zfs.PoolName}/apps", "mountpoint"));
        Assert.Equal("off", zfs.ZfsGet($"{zfs.PoolName}/apps", "atime"));
        Assert.True(first.StepOutputs("apps")["created"]!.GetValue<bool>());
        Assert.Equal(InstanceStatus.Finished, second.Status);
        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], second.EventsOf("apps"));
        Assert.DoesNotContain(second.Commands, c => c.Argv[1] == "create");
    }

    [Fact]
    public async Task An_existing_dataset_with_other_properties_is_drift_and_is_not_changed()
    {
        Shell.Must("zfs", "create", "-o", "atime=on", "-o", $"mountpoint={zfs.PathOf("dl")}", $"{zfs.PoolName}/dl");

        var result = await harness.RunActivityAsync($$$"""{"type":"EnsureDataset","id":"dl","name":"{{{zfs.PoolName}}}/dl","properties":{"atime":"off"}}""");

        Assert.Equal(InstanceStatus.Faulted, result.Status);
        Assert.Contains("atime is on, wanted off", result.Run.Message, StringComparison.Ordinal);
        Assert.Equal("on", zfs.ZfsGet($"{zfs.PoolName}/dl", "atime"));
    }

    [Fact]
    public async Task Refuses_to_create_a_dataset_over_a_non_empty_directory_and_leaves_it_alone()
    {
        var mountpoint = zfs.PathOf("busy");
        Directory.CreateDirectory(mountpoint);
        await File.WriteAllTextAsync(Path.Combine(mountpoint, "precious"), "data");

        var result = await harness.RunActivityAsync($$$"""{"type":"EnsureDataset","id":"busy","name":"{{{zfs.PoolName}}}/busy","mountpoint":"{{{mountpoint}}}"}""");

        Assert.Equal(InstanceStatus.Faulted, result.Status);
        Assert.Contains("non-empty directory", result.Run.Message, StringComparison.Ordinal);
        Assert.Equal(1, Shell.Run("zfs", "list", $"{zfs.PoolName}/busy").ExitCode);
        Assert.Equal("data", await File.ReadAllTextAsync(Path.Combine(mountpoint, "precious")));
    }

    [Fact]
    public async Task A_dry_run_plans_the_creation_and_creates_nothing()
    {
        var result = await harness.RunActivityAsync($$$"""{"type":"EnsureDataset","id":"x","name":"{{{zfs.PoolName}}}/x","mountpoint":"{{{zfs.PathOf("x")}}}"}""", dryRun: true);

        Assert.Equal(InstanceStatus.Finished, result.Status);
        Assert.Equal(1, Shell.Run("zfs", "list", $"{zfs.PoolName}/x").ExitCode);
    }

    public async Task DisposeAsync()
    {
        await harness.DisposeAsync();
        zfs.Dispose();
    }
}
