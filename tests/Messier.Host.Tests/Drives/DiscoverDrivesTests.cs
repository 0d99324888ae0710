using System.Text.Json.Nodes;
using Messier.Host.Drives;
using Messier.Host.Tests.Support;
using Messier.Workflows.Journal;

namespace Messier.Host.Tests.Drives;

/// <summary>DiscoverDrives against real files, a real loop device, wipefs, lsblk and a zfs-fuse pool.</summary>
public sealed class DiscoverDrivesTests : IAsyncLifetime
{
    private readonly ZfsSandbox zfs = new();
    private readonly StepHarness harness = new();

    public Task InitializeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("64,128,128,96", 2, "1,2")]
    [InlineData("128,64,64,128,64", 2, "1,2")]
    [InlineData("128,64,64,128,64", 3, "1,2,4")]
    [InlineData("64,128,64,128", 2, "1,3")]
    [InlineData("64,96,128", 2, "")]
    [InlineData("64,64", 3, "")]
    [InlineData("64,64", 1, "0,1")]
    public async Task The_drives_to_mirror_are_free_drives_of_the_size_most_share_never_mixed_sizes(string megabytes, int minimum, string expected)
    {
        // Blank file-backed drives of the given sizes, and one of the most common size that is not free.
        var sizes = megabytes.Split(',').Select(long.Parse).ToList();
        var drives = sizes.Select((size, i) => DriveFiles.Blank(zfs.PathOf($"d{i}"), size * 1024 * 1024)).ToList();
        var used = DriveFiles.Ext4(zfs.PathOf("used"), sizes.GroupBy(s => s).OrderByDescending(g => g.Count()).First().Key * 1024 * 1024);
        var paths = new JsonArray([.. drives.Select(d => (JsonNode)d), used]);

        var result = await harness.RunActivityAsync($$"""{"type":"DiscoverDrives","id":"drives","paths":{{paths.ToJsonString()}},"minimum":{{minimum}}}""");

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        var mirror = result.StepOutputs("drives")["mirror"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        Assert.Equal(expected.Length == 0 ? [] : expected.Split(',').Select(i => drives[int.Parse(i)]).ToList(), mirror);
        Assert.DoesNotContain(used, mirror);
    }

    [Fact]
    public async Task Reports_each_given_drive_with_what_is_on_it_and_changes_none_of_them()
    {
        zfs.CreatePool(zfs.PathOf("pool"));
        var blank = DriveFiles.Blank(zfs.PathOf("blank"));
        var ext4 = DriveFiles.Ext4(zfs.PathOf("ext4"));
        var partitioned = DriveFiles.WithPartitionTable(zfs.PathOf("partitioned"));
        var absent = zfs.PathOf("absent");
        var paths = new JsonArray(zfs.Drives[0], zfs.Drives[1], blank, ext4, partitioned, absent);

        var result = await harness.RunActivityAsync($$"""{"type":"DiscoverDrives","id":"drives","paths":{{paths.ToJsonString()}}}""");

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], result.EventsOf("drives"));
        var outputs = result.StepOutputs("drives");
        Assert.Equal(5, outputs["count"]!.GetValue<int>());
        Assert.True(outputs["enough"]!.GetValue<bool>());
        Assert.Equal([blank], outputs["free"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Empty(outputs["mirror"]!.AsArray());
        var missing = Assert.Single(outputs["missing"]!.AsArray())!;
        Assert.Equal(absent, missing["path"]!.GetValue<string>());
        Assert.Equal("it does not exist", missing["reason"]!.GetValue<string>());

        var drives = outputs["drives"]!.AsArray().ToDictionary(d => d!["path"]!.GetValue<string>(), d => d!.AsObject());
        foreach (var member in zfs.Drives)
        {
            Assert.Equal(zfs.PoolName, drives[member]["pool"]!.GetValue<string>());
            Assert.Contains(drives[member]["signatures"]!.AsArray(), s => s!["type"]!.GetValue<string>() == "zfs_member");
            Assert.False(drives[member]["free"]!.GetValue<bool>());
        }

        Assert.Equal("file", drives[blank]["kind"]!.GetValue<string>());
        Assert.Equal(64L * 1024 * 1024, drives[blank]["size"]!.GetValue<long>());
        Assert.Empty(drives[blank]["signatures"]!.AsArray());
        Assert.Null(drives[blank]["pool"]);
        Assert.Equal("ext4", Assert.Single(drives[ext4]["signatures"]!.AsArray())!["type"]!.GetValue<string>());
        Assert.Equal("dos", Assert.Single(drives[partitioned]["signatures"]!.AsArray())!["type"]!.GetValue<string>());

        // Looking changed nothing: the same signatures are there, and no command could have written.
        Assert.Equal(["ext4"], DriveFiles.Signatures(ext4));
        Assert.Equal(["dos"], DriveFiles.Signatures(partitioned));
        Assert.Empty(DriveFiles.Signatures(blank));
        Assert.True(zfs.PoolImported);
        Assert.All(result.Commands, c => Assert.Contains(c.Argv[0], (string[])["stat", "wipefs"]));
        Assert.All(result.Commands.Where(c => c.Argv[0] == "wipefs"), c => Assert.Contains("--no-act", c.Argv));
    }

    [Fact]
    public async Task Fewer_drives_than_the_minimum_is_an_answer_not_a_failure()
    {
        var blank = DriveFiles.Blank(zfs.PathOf("only"));

        var result = await harness.RunActivityAsync($$"""{"type":"DiscoverDrives","id":"drives","paths":["{{blank}}"],"minimum":2}""");

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        var outputs = result.StepOutputs("drives");
        Assert.Equal(1, outputs["count"]!.GetValue<int>());
        Assert.False(outputs["enough"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Without_paths_it_lists_the_whole_disks_lsblk_shows_with_the_transport()
    {
        var listed = JsonNode.Parse(Shell.Must("lsblk", "--json", "--nodeps", "--output", "PATH,TRAN,TYPE"))!["blockdevices"]!.AsArray();
        var expected = listed.Count(d => d!["type"]?.GetValue<string>() == "disk" && d["tran"]?.GetValue<string>() == "nvme");

        var result = await harness.RunActivityAsync("""{"type":"DiscoverDrives","id":"drives","transport":"nvme"}""");

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        var outputs = result.StepOutputs("drives");
        Assert.Equal(expected, outputs["count"]!.GetValue<int>());
        Assert.Equal(expected >= 2, outputs["enough"]!.GetValue<bool>());
        Assert.Contains(result.Commands, c => c.Argv.SequenceEqual(["lsblk", "--json", "--bytes", "--nodeps", "--output", "NAME,PATH,TRAN,TYPE"]));
    }

    [Fact]
    public async Task A_loop_device_is_inspected_as_a_block_device()
    {
        var backing = DriveFiles.WithPartitionTable(zfs.PathOf("loop-backing"));
        using var loop = new LoopDevice(backing);

        var result = await harness.RunActivityAsync($$"""{"type":"DiscoverDrives","id":"drives","paths":["{{loop.Path}}"],"minimum":1}""");

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        var drive = Assert.Single(result.StepOutputs("drives")["drives"]!.AsArray())!;
        Assert.Equal("block", drive["kind"]!.GetValue<string>());
        Assert.Equal(64L * 1024 * 1024, drive["size"]!.GetValue<long>());
        Assert.Equal("dos", Assert.Single(drive["signatures"]!.AsArray())!["type"]!.GetValue<string>());
        Assert.False(drive["free"]!.GetValue<bool>());
        Assert.Contains(result.Commands, c => c.Argv[0] == "lsblk" && c.Argv[^1] == loop.Path);
    }

    [Theory]
    [InlineData("-f")]
    [InlineData("drive1")]
    [InlineData("/dev/x\n/dev/y")]
    public async Task A_path_that_is_not_absolute_is_refused_before_anything_runs(string path)
    {
        var result = await harness.RunActivityAsync($$"""{"type":"DiscoverDrives","id":"drives","paths":[{{JsonValue.Create(path).ToJsonString()}}],{{HarnessAssertions.ThreeAttempts}}}""");

        HarnessAssertions.FailedWithoutRetry(result, "drives");
        Assert.Contains("Nothing was run", result.Run.Message, StringComparison.Ordinal);
        Assert.Empty(result.Commands);
    }

    [Fact]
    public async Task Apply_is_never_needed_and_says_so()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new DiscoverDrivesActivity().ApplyAsync(null!, CancellationToken.None));
        Assert.Contains("read-only", error.Message, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await harness.DisposeAsync();
        zfs.Dispose();
    }
}
