using System.Text.Json.Nodes;
using Messier.Host.Tests.Files;
using Messier.Host.Tests.Support;
using Messier.Workflows.Journal;

namespace Messier.Host.Tests.Zfs;

/// <summary>DatasetStatus against datasets of a real zfs-fuse pool in each mount state.</summary>
[Collection(ZfsFuseSerial.Name)]
public sealed class DatasetStatusTests : IClassFixture<ZfsPoolFixture>, IAsyncLifetime
{
    private readonly ZfsPoolFixture pool;
    private readonly StepHarness harness = new();

    /// <summary>Names of this test's own, since the pool is shared by the class.</summary>
    private readonly string name = "t" + Guid.NewGuid().ToString("N")[..8];

    public DatasetStatusTests(ZfsPoolFixture pool)
    {
        this.pool = pool;
    }

    private string Mounted { get; set; } = string.Empty;

    private string MountedAt { get; set; } = string.Empty;

    private string Unmounted => $"{pool.Zfs.PoolName}/{name}-noauto";

    private string NoMountpoint => $"{Mounted}/none";

    private string Legacy => $"{Mounted}/legacy";

    private string Missing => $"{pool.Zfs.PoolName}/{name}-missing";

    public Task InitializeAsync()
    {
        (Mounted, MountedAt) = pool.CreateDataset(name);
        Shell.Must("zfs", "create", "-o", "canmount=noauto", "-o", $"mountpoint={pool.Zfs.PathOf(name + "-noauto")}", Unmounted);
        Shell.Must("zfs", "create", "-o", "mountpoint=none", NoMountpoint);
        Shell.Must("zfs", "create", "-o", "mountpoint=legacy", Legacy);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Reports_each_dataset_with_one_zfs_list_and_a_missing_one_or_pool_as_an_answer()
    {
        var otherPool = "mtnosuchpool/data";

        var result = await StatusAsync(Mounted, Missing, NoMountpoint, Unmounted, otherPool, Legacy, Mounted);

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], result.EventsOf("status"));
        var outputs = result.StepOutputs("status");
        AssertDataset(outputs, Mounted, exists: true, mounted: true, mountpoint: MountedAt, canmount: "on");
        AssertDataset(outputs, NoMountpoint, exists: true, mounted: false, mountpoint: "none", canmount: "on");
        AssertDataset(outputs, Unmounted, exists: true, mounted: false, mountpoint: pool.Zfs.PathOf(name + "-noauto"), canmount: "noauto");
        AssertDataset(outputs, Legacy, exists: true, mounted: false, mountpoint: "legacy", canmount: "on");
        AssertDataset(outputs, Missing, exists: false, mounted: false, mountpoint: null, canmount: null);
        AssertDataset(outputs, otherPool, exists: false, mounted: false, mountpoint: null, canmount: null);
        Assert.Equal(6, outputs["datasets"]!.AsObject().Count);
        Assert.Equal([Mounted, NoMountpoint, Unmounted, Legacy], Strings(outputs["existing"]!));
        Assert.Equal([Missing, otherPool], Strings(outputs["missing"]!));
        Assert.False(outputs["allExist"]!.GetValue<bool>());
        Assert.Equal("zfs list", string.Join(' ', result.Commands.Single().Argv.Take(2)));

        // Read-only: the states are as they were.
        Assert.Equal("yes", pool.Zfs.ZfsGet(Mounted, "mounted"));
        Assert.Equal("no", pool.Zfs.ZfsGet(Unmounted, "mounted"));
    }

    [Fact]
    public async Task All_existing_is_all_exist()
    {
        var result = await StatusAsync(Legacy, Mounted);

        var outputs = result.StepOutputs("status");
        Assert.True(outputs["allExist"]!.GetValue<bool>());
        Assert.Empty(outputs["missing"]!.AsArray());
        Assert.Equal([Legacy, Mounted], Strings(outputs["existing"]!));
    }

    [Fact]
    public async Task No_datasets_is_all_exist_without_running_zfs()
    {
        var result = await StatusAsync();

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        Assert.True(result.StepOutputs("status")["allExist"]!.GetValue<bool>());
        Assert.Empty(result.StepOutputs("status")["datasets"]!.AsObject());
        Assert.Empty(result.Commands);
    }

    [Fact]
    public async Task An_invalid_name_is_refused_before_anything_runs()
    {
        var result = await StatusAsync(Mounted, "-r", $"{Mounted}@snap");

        HarnessAssertions.FailedWithoutRetry(result, "status");
        Assert.Contains("datasets[1] '-r' is not a valid ZFS dataset name", result.Run.Message, StringComparison.Ordinal);
        Assert.Empty(result.Commands);
    }

    public Task DisposeAsync() => harness.DisposeAsync().AsTask();

    private Task<HarnessResult> StatusAsync(params string[] datasets) =>
        harness.RunActivityAsync(ActivityJson.Of(
            "DatasetStatus",
            "status",
            ("datasets", new JsonArray(datasets.Select(d => (JsonNode)d).ToArray())),
            ("retry", new JsonObject { ["attempts"] = 3, ["delaySeconds"] = 0 })));

    private static void AssertDataset(JsonObject outputs, string dataset, bool exists, bool mounted, string? mountpoint, string? canmount)
    {
        var state = outputs["datasets"]![dataset]!;
        Assert.Equal(exists, state["exists"]!.GetValue<bool>());
        Assert.Equal(mounted, state["mounted"]!.GetValue<bool>());
        Assert.Equal(mountpoint, state["mountpoint"]?.GetValue<string>());
        Assert.Equal(canmount, state["canmount"]?.GetValue<string>());
    }

    private static IEnumerable<string> Strings(JsonNode array) => array.AsArray().Select(item => item!.GetValue<string>());
}
