using System.Text.Json.Nodes;
using Messier.Host.Tests.Support;
using Messier.Host.Zfs;
using Messier.Workflows.Journal;

namespace Messier.Host.Tests.Zfs;

/// <summary>PoolStatus against real zfs-fuse pools, imported and exported.</summary>
public sealed class PoolStatusTests : IAsyncLifetime
{
    private readonly ZfsSandbox zfs = new(drives: 4);
    private readonly StepHarness harness = new();

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_imported_pool_is_imported_and_not_importable()
    {
        Shell.Must("zpool", "create", "-m", "none", zfs.PoolName, "mirror", zfs.Drives[0], zfs.Drives[1]);

        var result = await RunAsync(zfs.PoolName, zfs.DriveDirectory);

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], result.EventsOf("status"));
        var outputs = result.StepOutputs("status");
        Assert.True(outputs["imported"]!.GetValue<bool>());
        Assert.False(outputs["importable"]!.GetValue<bool>());
        Assert.Equal("ONLINE", outputs["state"]!.GetValue<string>());
        Assert.Empty(outputs["otherImportable"]!.AsArray());
    }

    [Fact]
    public async Task An_exported_pool_is_importable_and_other_importable_pools_are_named()
    {
        using var other = new ScratchPool(zfs.PoolName + "o", zfs.DriveDirectory);
        Shell.Must("zpool", "create", "-m", "none", zfs.PoolName, "mirror", zfs.Drives[0], zfs.Drives[1]);
        other.Create(zfs.Drives[2], zfs.Drives[3]);
        PoolExport.Export(zfs.PoolName);
        other.Export();

        var result = await RunAsync(zfs.PoolName, zfs.DriveDirectory);

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        var outputs = result.StepOutputs("status");
        Assert.False(outputs["imported"]!.GetValue<bool>());
        Assert.True(outputs["importable"]!.GetValue<bool>());
        Assert.Equal("ONLINE", outputs["state"]!.GetValue<string>());
        Assert.Equal([other.Name], outputs["otherImportable"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(2, outputs["importablePools"]!.AsArray().Count);
        Assert.False(zfs.PoolImported);
        Assert.Contains(result.Commands, c => c.Argv.SequenceEqual(["zpool", "import", "-d", zfs.DriveDirectory]));
    }

    [Fact]
    public async Task Neither_imported_nor_importable_is_absent()
    {
        var result = await RunAsync(zfs.PoolName, zfs.DriveDirectory);

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        var outputs = result.StepOutputs("status");
        Assert.False(outputs["imported"]!.GetValue<bool>());
        Assert.False(outputs["importable"]!.GetValue<bool>());
        Assert.Equal("absent", outputs["state"]!.GetValue<string>());
        Assert.Empty(outputs["otherImportable"]!.AsArray());
    }

    [Fact]
    public async Task A_search_directory_with_shell_characters_reaches_zpool_as_one_word()
    {
        var directory = zfs.PathOf("drives; rm -rf $HOME");
        Directory.CreateDirectory(directory);
        var drives = new[] { DriveFiles.Blank(Path.Combine(directory, "a"), 128L * 1024 * 1024), DriveFiles.Blank(Path.Combine(directory, "b"), 128L * 1024 * 1024) };
        Shell.Must(["zpool", "create", "-m", "none", zfs.PoolName, "mirror", .. drives]);
        PoolExport.Export(zfs.PoolName);

        var result = await RunAsync(zfs.PoolName, directory);

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        Assert.True(result.StepOutputs("status")["importable"]!.GetValue<bool>());
        Assert.Contains(result.Commands, c => c.Argv.SequenceEqual(["zpool", "import", "-d", directory]));
        Shell.Must("zpool", "import", "-d", directory, zfs.PoolName);
    }

    [Theory]
    [InlineData("p; rm -rf /")]
    [InlineData("-f")]
    [InlineData("-d/tmp")]
    public async Task A_hostile_pool_name_is_refused_before_anything_runs(string pool)
    {
        var result = await harness.RunActivityAsync($$"""{"type":"PoolStatus","id":"status","pool":{{JsonValue.Create(pool).ToJsonString()}},{{HarnessAssertions.ThreeAttempts}}}""");

        HarnessAssertions.FailedWithoutRetry(result, "status");
        Assert.Contains("is not a valid ZFS pool name", result.Run.Message, StringComparison.Ordinal);
        Assert.Empty(result.Commands);
    }

    [Fact]
    public async Task Apply_is_never_needed_and_says_so()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new PoolStatusActivity().ApplyAsync(null!, CancellationToken.None));
        Assert.Contains("read-only", error.Message, StringComparison.Ordinal);
    }

    private Task<HarnessResult> RunAsync(string pool, string searchDirectory) =>
        harness.RunActivityAsync($$"""{"type":"PoolStatus","id":"status","pool":"{{pool}}","searchDirectories":[{{JsonValue.Create(searchDirectory).ToJsonString()}}]}""");

    public async Task DisposeAsync()
    {
        await harness.DisposeAsync();
        zfs.Dispose();
    }
}
