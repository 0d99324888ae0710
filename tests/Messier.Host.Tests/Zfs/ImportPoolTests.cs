using System.Text.Json.Nodes;
using Messier.Host.Tests.Support;
using Messier.Workflows.Journal;

namespace Messier.Host.Tests.Zfs;

/// <summary>ImportPool against real exported zfs-fuse pools.</summary>
public sealed class ImportPoolTests : IAsyncLifetime
{
    private readonly ZfsSandbox zfs = new(drives: 4);
    private readonly StepHarness harness = new();

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Imports_an_exported_pool_whose_datasets_mount_then_observes_it_done()
    {
        CreateOnFirstTwo();
        Shell.Must("zfs", "create", "-o", $"mountpoint={zfs.PathOf("apps")}", $"{zfs.PoolName}/apps");
        await File.WriteAllTextAsync(Path.Combine(zfs.PathOf("apps"), "kept"), "data");
        PoolExport.Export(zfs.PoolName);

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.True(first.Status == InstanceStatus.Finished, first.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.Completed], first.EventsOf("import"));
        Assert.True(zfs.PoolImported);
        Assert.Equal("yes", zfs.ZfsGet($"{zfs.PoolName}/apps", "mounted"));
        Assert.Equal("data", await File.ReadAllTextAsync(Path.Combine(zfs.PathOf("apps"), "kept")));
        var outputs = first.StepOutputs("import");
        Assert.True(outputs["importedNow"]!.GetValue<bool>());
        Assert.Equal("ONLINE", outputs["health"]!.GetValue<string>());
        Assert.Empty(outputs["unmounted"]!.AsArray());
        Assert.Contains(first.Commands, c => c.Argv.SequenceEqual(["zpool", "import", "-d", zfs.DriveDirectory, zfs.PoolName]));

        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], second.EventsOf("import"));
        Assert.False(second.StepOutputs("import")["importedNow"]!.GetValue<bool>());
        Assert.DoesNotContain(second.Commands, c => c.Argv.Count > 1 && c.Argv[1] == "import");
    }

    [Fact]
    public async Task A_dataset_that_cannot_mount_is_reported_and_the_pool_is_still_imported()
    {
        CreateOnFirstTwo();
        Shell.Must("zfs", "create", "-o", $"mountpoint={zfs.PathOf("busy")}", $"{zfs.PoolName}/busy");
        PoolExport.Export(zfs.PoolName);
        await File.WriteAllTextAsync(Path.Combine(zfs.PathOf("busy"), "in-the-way"), "x");

        var result = await RunAsync();

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        Assert.True(zfs.PoolImported);
        var outputs = result.StepOutputs("import");
        Assert.Equal([$"{zfs.PoolName}/busy"], outputs["unmounted"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Contains("directory is not empty", outputs["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("x", await File.ReadAllTextAsync(Path.Combine(zfs.PathOf("busy"), "in-the-way")));
    }

    [Fact]
    public async Task A_pool_that_is_not_importable_fails_naming_the_pools_that_are()
    {
        using var other = new ScratchPool(zfs.PoolName + "o", zfs.DriveDirectory);
        other.Create(zfs.Drives[2], zfs.Drives[3]);
        other.Export();

        var result = await harness.RunActivityAsync($$"""{"type":"ImportPool","id":"import","pool":"{{zfs.PoolName}}","searchDirectories":["{{zfs.DriveDirectory}}"],{{HarnessAssertions.ThreeAttempts}}}""");

        HarnessAssertions.FailedWithoutRetry(result, "import");
        Assert.Contains($"pool {zfs.PoolName} is not importable from {zfs.DriveDirectory}; importable pools: {other.Name} (ONLINE)", result.Run.Message, StringComparison.Ordinal);
        Assert.False(zfs.PoolImported);
        Assert.Equal(1, Shell.Run("zpool", "list", other.Name).ExitCode);
    }

    [Fact]
    public async Task A_dry_run_plans_the_import_and_imports_nothing()
    {
        CreateOnFirstTwo();
        PoolExport.Export(zfs.PoolName);

        var result = await RunAsync(dryRun: true);

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        Assert.False(zfs.PoolImported);
    }

    [Fact]
    public async Task A_search_directory_that_does_not_exist_is_refused()
    {
        var result = await harness.RunActivityAsync($$"""{"type":"ImportPool","id":"import","pool":"{{zfs.PoolName}}","searchDirectories":[{{JsonValue.Create(zfs.PathOf("nowhere")).ToJsonString()}}],{{HarnessAssertions.ThreeAttempts}}}""");

        HarnessAssertions.FailedWithoutRetry(result, "import");
        Assert.Contains("is not a directory", result.Run.Message, StringComparison.Ordinal);
        Assert.Empty(result.Commands);
    }

    private void CreateOnFirstTwo() =>
        Shell.Must("zpool", "create", "-m", zfs.PathOf("pool"), zfs.PoolName, "mirror", zfs.Drives[0], zfs.Drives[1]);

    private Task<HarnessResult> RunAsync(bool dryRun = false) =>
        harness.RunActivityAsync($$"""{"type":"ImportPool","id":"import","pool":"{{zfs.PoolName}}","searchDirectories":["{{zfs.DriveDirectory}}"]}""", dryRun);

    public async Task DisposeAsync()
    {
        await harness.DisposeAsync();
        zfs.Dispose();
    }
}
