using System.Text.Json.Nodes;
using Messier.Host.Tests.Files;
using Messier.Host.Tests.Support;
using Messier.Workflows.Journal;

namespace Messier.Host.Tests.Zfs;

/// <summary>
/// DetachDataset on a real zfs-fuse pool: the dataset stops hiding the directory under its
/// mountpoint, keeps its data, and is never destroyed. The directory underneath is written
/// through a bind mount of its parent, which (not being recursive) shows what the dataset hides.
/// </summary>
[Collection(ZfsFuseSerial.Name)]
public sealed class DetachDatasetTests : IClassFixture<ZfsPoolFixture>, IAsyncLifetime
{
    private readonly ZfsPoolFixture pool;
    private readonly StepHarness harness = new();

    /// <summary>Names of this test's own, since the pool is shared by the class.</summary>
    private readonly string name = "t" + Guid.NewGuid().ToString("N")[..8];

    public DetachDatasetTests(ZfsPoolFixture pool)
    {
        this.pool = pool;
    }

    private ZfsSandbox Zfs => pool.Zfs;

    private string Dataset { get; set; } = string.Empty;

    private string Mountpoint { get; set; } = string.Empty;

    public async Task InitializeAsync()
    {
        (Dataset, Mountpoint) = pool.CreateDataset(name);
        await File.WriteAllTextAsync(Path.Combine(Mountpoint, "in-dataset"), "written after the conversion");
    }

    [Fact]
    public async Task Unmounts_and_sets_mountpoint_none_uncovering_the_directory_and_keeping_the_data_in_the_dataset()
    {
        WriteUnderneath(Mountpoint, "underneath", "the directory's own file");
        Assert.False(File.Exists(Path.Combine(Mountpoint, "underneath")));

        var first = await DetachAsync(Dataset);
        var second = await DetachAsync(Dataset);

        Assert.True(first.Status == InstanceStatus.Finished, first.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.Completed], first.EventsOf("detach"));
        Assert.Equal("no", Zfs.ZfsGet(Dataset, "mounted"));
        Assert.Equal("none", Zfs.ZfsGet(Dataset, "mountpoint"));
        Assert.Equal(["underneath"], Directory.EnumerateFileSystemEntries(Mountpoint).Select(Path.GetFileName));
        Assert.Equal("the directory's own file", await File.ReadAllTextAsync(Path.Combine(Mountpoint, "underneath")));
        var outputs = first.StepOutputs("detach");
        Assert.Equal(Dataset, outputs["dataset"]!.GetValue<string>());
        Assert.True(outputs["existed"]!.GetValue<bool>());
        Assert.Equal(Mountpoint, outputs["previousMountpoint"]!.GetValue<string>());
        Assert.True(outputs["detached"]!.GetValue<bool>());
        Assert.Contains(first.Commands, c => c.Argv.SequenceEqual(["zfs", "set", "mountpoint=none", Dataset]));

        // zfs set unmounted it by itself (zfs-fuse does, as OpenZFS does): no unmount was needed.
        Assert.DoesNotContain(first.Commands, c => c.Argv.Contains("unmount"));
        Assert.DoesNotContain(first.Commands.Concat(second.Commands), c => c.Argv.Contains("destroy"));

        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], second.EventsOf("detach"));
        Assert.True(second.StepOutputs("detach")["detached"]!.GetValue<bool>());
        Assert.Equal("none", second.StepOutputs("detach")["previousMountpoint"]!.GetValue<string>());

        // The dataset kept what was written in it: mounted elsewhere, there it is.
        var elsewhere = Zfs.PathOf(name + "-elsewhere");
        Shell.Must("zfs", "set", $"mountpoint={elsewhere}", Dataset);
        MountProbe.AssertAnswers(elsewhere);
        Assert.Equal("written after the conversion", await File.ReadAllTextAsync(Path.Combine(elsewhere, "in-dataset")));
    }

    [Fact]
    public async Task An_unmounted_dataset_still_gets_mountpoint_none_so_no_import_mounts_it_again()
    {
        Shell.Must("zfs", "unmount", Dataset);

        var result = await DetachAsync(Dataset);

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.Completed], result.EventsOf("detach"));
        Assert.Equal("none", Zfs.ZfsGet(Dataset, "mountpoint"));
        Assert.Equal("no", Zfs.ZfsGet(Dataset, "mounted"));
        Assert.Equal(Mountpoint, result.StepOutputs("detach")["previousMountpoint"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_dataset_that_does_not_exist_is_observed_done_as_never_having_existed()
    {
        var missing = $"{Zfs.PoolName}/{name}-never";

        var result = await DetachAsync(missing);

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], result.EventsOf("detach"));
        var outputs = result.StepOutputs("detach");
        Assert.False(outputs["existed"]!.GetValue<bool>());
        Assert.False(outputs["detached"]!.GetValue<bool>());
        Assert.Null(outputs["previousMountpoint"]);
        Assert.DoesNotContain(result.Commands, c => c.Argv.Contains("set"));
    }

    [Fact]
    public async Task Refuses_while_a_child_dataset_is_mounted_naming_it_and_changes_nothing()
    {
        var child = $"{Dataset}/child";
        Shell.Must("zfs", "create", child);
        MountProbe.AssertAnswers(Path.Combine(Mountpoint, "child"));

        var result = await DetachAsync(Dataset);

        HarnessAssertions.FailedWithoutRetry(result, "detach");
        Assert.Contains($"its child dataset {child} is mounted", result.Run.Message, StringComparison.Ordinal);
        Assert.Equal("yes", Zfs.ZfsGet(Dataset, "mounted"));
        Assert.Equal(Mountpoint, Zfs.ZfsGet(Dataset, "mountpoint"));
        Assert.Equal("yes", Zfs.ZfsGet(child, "mounted"));
        Assert.DoesNotContain(result.Commands, c => c.Argv.Contains("set") || c.Argv.Contains("unmount"));
    }

    [Fact]
    public async Task Rolls_back_a_conversion_with_MoveAside_putting_the_original_directory_back_over_the_empty_mountpoint()
    {
        // A conversion that got as far as mounting a dataset where the directory was.
        var service = Zfs.PathOf(name + "-svc");
        var orig = service + ".orig";
        Directory.CreateDirectory(Path.Combine(service, "nested"));
        await File.WriteAllTextAsync(Path.Combine(service, "config.yml"), "original");
        await File.WriteAllTextAsync(Path.Combine(service, ".hidden"), "dotfile");
        var before = TreeManifest.Of(service);
        Directory.Move(service, orig);
        var dataset = $"{Zfs.PoolName}/{name}-svc";
        Shell.Must("zfs", "create", "-o", $"mountpoint={service}", dataset);
        MountProbe.AssertAnswers(service);
        await File.WriteAllTextAsync(Path.Combine(service, "half-copied"), "partial");

        var result = await harness.RunAsync(
            $$"""{"name":"rollback","root":{{ActivityJson.Sequence(
                "rollback",
                ActivityJson.Of("InspectPaths", "before", ("paths", new JsonArray(service))),
                ActivityJson.Of("DetachDataset", "detach", ("dataset", dataset)),
                ActivityJson.Of("MoveAside", "back", ("path", orig), ("aside", service)),
                ActivityJson.Of("InspectPaths", "after", ("paths", new JsonArray(service))),
                ActivityJson.Of("DatasetStatus", "status", ("datasets", new JsonArray(dataset))))}}}""");

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        var was = result.StepOutputs("before")["paths"]![service]!;
        Assert.True(was["mountpoint"]!.GetValue<bool>());
        Assert.Equal("fuse.zfs", was["filesystem"]!.GetValue<string>());
        Assert.Equal(dataset, was["source"]!.GetValue<string>());
        var now = result.StepOutputs("after")["paths"]![service]!;
        Assert.False(now["mountpoint"]!.GetValue<bool>());
        Assert.NotEqual("fuse.zfs", now["filesystem"]!.GetValue<string>());
        Assert.Equal(3, now["entries"]!.GetValue<long>());
        Assert.Equal([JournalEvents.Started, JournalEvents.Completed], result.EventsOf("back"));

        // The original directory is back, the very same inode, and the dataset kept its part.
        var after = TreeManifest.Of(service);
        before.AssertSameAs(after);
        Assert.Equal(before["."].Inode, after["."].Inode);
        Assert.False(Directory.Exists(orig));
        var status = result.StepOutputs("status")["datasets"]![dataset]!;
        Assert.True(status["exists"]!.GetValue<bool>());
        Assert.False(status["mounted"]!.GetValue<bool>());
        Assert.Equal("none", status["mountpoint"]!.GetValue<string>());
        var elsewhere = Zfs.PathOf(name + "-kept");
        Shell.Must("zfs", "set", $"mountpoint={elsewhere}", dataset);
        MountProbe.AssertAnswers(elsewhere);
        Assert.Equal("partial", await File.ReadAllTextAsync(Path.Combine(elsewhere, "half-copied")));
    }

    [Fact]
    public async Task On_a_full_pool_it_fails_saying_so_keeps_the_data_and_detaches_once_space_is_freed()
    {
        // Fill the pool to the last block, as a copy that ran out of space leaves it. zfs-fuse
        // needs free space to change a property; the filler dataset is this test's own.
        var (filler, fillerMount) = pool.CreateDataset(name + "-filler");
        try
        {
            FillToTheBrim(fillerMount, Dataset);
            var full = await DetachAsync(Dataset);

            Assert.True(full.Status == InstanceStatus.Faulted, full.ToString());
            Assert.Equal(3, full.EventsOf("detach").Count(e => e == JournalEvents.AttemptFailed));
            Assert.Contains($"cannot set mountpoint=none on {Dataset}: its pool is full", full.Run.Message, StringComparison.Ordinal);
            Assert.Contains("out of space", full.Run.Message, StringComparison.Ordinal);
            Assert.Equal(Mountpoint, Zfs.ZfsGet(Dataset, "mountpoint"));
        }
        finally
        {
            DestroyWhenNoLongerBusy(filler);
        }

        // Destroying the filler frees its space as ZFS syncs; the retries wait for it (a minute at
        // most: a slow machine's zfs-fuse has been seen to take several seconds).
        var freed = await harness.RunActivityAsync(ActivityJson.Of("DetachDataset", "detach", ("dataset", Dataset), ("retry", new JsonObject { ["attempts"] = 30, ["delaySeconds"] = 2, ["backoffMultiplier"] = 1 })));

        Assert.True(freed.Status == InstanceStatus.Finished, freed.ToString());
        Assert.Equal("none", Zfs.ZfsGet(Dataset, "mountpoint"));
        Assert.Equal("no", Zfs.ZfsGet(Dataset, "mounted"));
        var elsewhere = Zfs.PathOf(name + "-after-full");
        Shell.Must("zfs", "set", $"mountpoint={elsewhere}", Dataset);
        MountProbe.AssertAnswers(elsewhere);
        Assert.Equal("written after the conversion", await File.ReadAllTextAsync(Path.Combine(elsewhere, "in-dataset")));
    }

    [Theory]
    [InlineData("-a")]
    [InlineData("pool/ds; reboot")]
    public async Task An_option_like_or_hostile_dataset_is_refused_before_anything_runs(string dataset)
    {
        var result = await DetachAsync(dataset);

        HarnessAssertions.FailedWithoutRetry(result, "detach");
        Assert.Contains("is not a valid ZFS dataset name", result.Run.Message, StringComparison.Ordinal);
        Assert.Empty(result.Commands);
    }

    public Task DisposeAsync() => harness.DisposeAsync().AsTask();

    private Task<HarnessResult> DetachAsync(string dataset) =>
        harness.RunActivityAsync(ActivityJson.Of("DetachDataset", "detach", ("dataset", dataset), ("retry", new JsonObject { ["attempts"] = 3, ["delaySeconds"] = 0 })));

    /// <summary>
    /// Writes zeros (the pool has no compression) until the pool has no block left, proven by zfs
    /// refusing to set a user property on <paramref name="probe"/> for lack of space: that is the
    /// state the test needs, so it is checked rather than assumed (a freshly freed transaction can
    /// give a few blocks back after the first "No space left on device").
    /// </summary>
    private static void FillToTheBrim(string mountpoint, string probe)
    {
        var first = Path.Combine(mountpoint, "fill-1");
        var dd = Shell.Run("dd", "if=/dev/zero", "of=" + first, "bs=64k", "status=none");
        Assert.True(dd.ExitCode != 0 && dd.Output.Contains("No space left on device", StringComparison.Ordinal), $"dd should have filled the pool: {dd}");
        var set = (ExitCode: 0, Output: string.Empty);
        for (var round = 2; round <= 20; round++)
        {
            Shell.Must("sync", "-f", first);
            set = Shell.Run("zfs", "set", "messier:full-probe=" + round, probe);
            if (set.ExitCode != 0 && set.Output.Contains("out of space", StringComparison.Ordinal))
            {
                return;
            }

            Shell.Run("dd", "if=/dev/zero", "of=" + Path.Combine(mountpoint, $"fill-{round}"), "bs=64k", "status=none");
        }

        Assert.Fail($"the pool never became too full to set a property: the last zfs set said {set}");
    }

    /// <summary>zfs-fuse reports a dataset it is still flushing a full pool's writes to as busy for a moment.</summary>
    private static void DestroyWhenNoLongerBusy(string dataset)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var destroy = Shell.Run("zfs", "destroy", dataset);
            if (destroy.ExitCode == 0)
            {
                return;
            }

            // "busy" is the usual answer; a pool this full may also answer "out of space" for a moment.
            Assert.True(DateTime.UtcNow < deadline, $"zfs destroy {dataset} kept failing for a minute: {destroy.Output}");
            Thread.Sleep(500);
        }
    }

    /// <summary>Writes a file into the directory a mount hides, seen through a non-recursive bind mount of its parent.</summary>
    private static void WriteUnderneath(string mountpoint, string file, string text)
    {
        var view = Directory.CreateTempSubdirectory("messier-underneath-").FullName;
        Shell.Must("mount", "--bind", Path.GetDirectoryName(mountpoint)!, view);
        try
        {
            File.WriteAllText(Path.Combine(view, Path.GetFileName(mountpoint), file), text);
        }
        finally
        {
            Shell.Must("umount", view);
            Directory.Delete(view);
        }
    }
}
