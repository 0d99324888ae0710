using System.Text.Json.Nodes;
using Messier.Host.Tests.Support;
using Messier.Workflows.Journal;

namespace Messier.Host.Tests.Files;

/// <summary>MoveAside on a real filesystem, and across a real second one (a tmpfs) where it must refuse.</summary>
public sealed class MoveAsideTests : IAsyncLifetime
{
    private readonly string root = Directory.CreateTempSubdirectory("messier-aside-").FullName;
    private readonly StepHarness harness = new();

    private string Data => Path.Combine(root, "docker");

    private string Orig => Data + ".orig";

    public Task InitializeAsync()
    {
        TrickyTree.Create(Data);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Renames_the_directory_keeping_its_inode_then_observes_it_done()
    {
        var before = TreeManifest.Of(Data);

        var first = await MoveAsync();
        var second = await MoveAsync();

        Assert.True(first.Status == InstanceStatus.Finished, first.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.Completed], first.EventsOf("aside"));
        Assert.False(Directory.Exists(Data));
        var after = TreeManifest.Of(Orig);
        before.AssertSameAs(after);

        // Same inodes: renamed, not copied.
        Assert.Equal(before["."].Inode, after["."].Inode);
        Assert.Equal(before["sparse.img"].Inode, after["sparse.img"].Inode);
        Assert.Equal(Data, first.StepOutputs("aside")["path"]!.GetValue<string>());
        Assert.Equal(Orig, first.StepOutputs("aside")["aside"]!.GetValue<string>());
        Assert.Equal(["stat", "stat"], first.Commands.Select(c => c.Argv[0]));

        Assert.True(second.Status == InstanceStatus.Finished, second.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], second.EventsOf("aside"));
        Assert.Empty(second.Commands);
    }

    [Fact]
    public async Task Moved_aside_with_an_empty_directory_in_its_place_is_done()
    {
        Directory.Move(Data, Orig);
        Directory.CreateDirectory(Data);

        var result = await MoveAsync();

        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], result.EventsOf("aside"));
        Assert.True(Directory.Exists(Data));
        Assert.True(File.Exists(Path.Combine(Orig, "plain.txt")));
    }

    [Fact]
    public async Task Data_under_both_names_is_ambiguous_and_nothing_is_touched()
    {
        Shell.Must("cp", "-a", Data, Orig);
        var data = TreeManifest.Of(Data);
        var orig = TreeManifest.Of(Orig);

        var result = await MoveAsync();

        AssertRefused(result, "both");
        Assert.Contains("does not guess", result.Run.Message, StringComparison.Ordinal);
        data.AssertSameAs(TreeManifest.Of(Data));
        orig.AssertSameAs(TreeManifest.Of(Orig));
    }

    [Fact]
    public async Task An_empty_directory_at_the_aside_is_removed_and_the_data_renamed_over_it()
    {
        // What a detached dataset leaves at its old mountpoint, when a rollback moves the data back.
        Directory.CreateDirectory(Orig);
        var before = TreeManifest.Of(Data);
        var dryRun = await harness.RunActivityAsync(ActivityJson.Of("MoveAside", "aside", ("path", Data)), dryRun: true);
        Assert.True(dryRun.Status == InstanceStatus.Finished, dryRun.ToString());
        Assert.True(Directory.Exists(Data));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Orig));

        var first = await MoveAsync();
        var second = await MoveAsync();

        Assert.True(first.Status == InstanceStatus.Finished, first.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.Completed], first.EventsOf("aside"));
        Assert.False(Directory.Exists(Data));
        var after = TreeManifest.Of(Orig);
        before.AssertSameAs(after);
        Assert.Equal(before["."].Inode, after["."].Inode);
        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], second.EventsOf("aside"));
    }

    [Fact]
    public async Task An_aside_holding_only_an_empty_lost_and_found_is_not_empty_and_is_refused()
    {
        Directory.CreateDirectory(Path.Combine(Orig, "lost+found"));

        var result = await MoveAsync();

        AssertRefused(result, "both");
        Assert.True(Directory.Exists(Path.Combine(Orig, "lost+found")));
        Assert.True(File.Exists(Path.Combine(Data, "plain.txt")));
    }

    [Fact]
    public async Task An_empty_aside_that_is_a_mountpoint_is_refused_and_stays_mounted()
    {
        using var mount = new TmpfsMount();

        var result = await harness.RunActivityAsync(ActivityJson.Of("MoveAside", "aside", ("path", Data), ("aside", mount.Path), ("retry", new JsonObject { ["attempts"] = 3 })));

        AssertRefused(result, "both");
        Assert.Equal(mount.Path, Shell.Must("stat", "-c", "%m", mount.Path).Trim());
        Assert.True(File.Exists(Path.Combine(Data, "plain.txt")));
    }

    [Fact]
    public async Task Neither_name_existing_is_a_failure_no_retry_fixes()
    {
        Shell.Must("rm", "-rf", Data);

        var result = await MoveAsync();

        AssertRefused(result, "neither");
    }

    [Fact]
    public async Task Refuses_an_aside_on_another_filesystem_rather_than_copying()
    {
        using var other = new TmpfsMount();
        var aside = Path.Combine(other.Path, "docker.orig");

        var result = await harness.RunActivityAsync(ActivityJson.Of("MoveAside", "aside", ("path", Data), ("aside", aside), ("retry", new JsonObject { ["attempts"] = 3 })));

        AssertRefused(result, "different filesystems");
        Assert.True(File.Exists(Path.Combine(Data, "plain.txt")));
        Assert.False(Directory.Exists(aside));
    }

    [Fact]
    public async Task Refuses_to_rename_a_mountpoint()
    {
        using var mount = new TmpfsMount();
        await File.WriteAllTextAsync(Path.Combine(mount.Path, "data"), "on its own filesystem");

        var result = await harness.RunActivityAsync(ActivityJson.Of("MoveAside", "aside", ("path", mount.Path), ("retry", new JsonObject { ["attempts"] = 3 })));

        AssertRefused(result, "is a mountpoint");
        Assert.Equal("on its own filesystem", await File.ReadAllTextAsync(Path.Combine(mount.Path, "data")));
        Assert.False(Directory.Exists(mount.Path + ".orig"));
    }

    [Fact]
    public async Task Refuses_a_symlink_and_a_relative_path()
    {
        var link = Path.Combine(root, "link");
        File.CreateSymbolicLink(link, Data);

        var symlink = await harness.RunActivityAsync(ActivityJson.Of("MoveAside", "aside", ("path", link)));
        var relative = await harness.RunActivityAsync(ActivityJson.Of("MoveAside", "aside", ("path", "docker")));

        Assert.Equal(InstanceStatus.Faulted, symlink.Status);
        Assert.Contains("is a symlink", symlink.Run.Message, StringComparison.Ordinal);
        Assert.Equal(InstanceStatus.Faulted, relative.Status);
        Assert.Contains("must be an absolute path", relative.Run.Message, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Data));
        Assert.False(Directory.Exists(link + ".orig"));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(root, recursive: true);
        return harness.DisposeAsync().AsTask();
    }

    private Task<HarnessResult> MoveAsync() =>
        harness.RunActivityAsync(ActivityJson.Of("MoveAside", "aside", ("path", Data), ("retry", new JsonObject { ["attempts"] = 3 })));

    /// <summary>Refused for good: one attempt although three are allowed.</summary>
    private static void AssertRefused(HarnessResult result, string expected)
    {
        Assert.True(result.Status == InstanceStatus.Faulted, result.ToString());
        Assert.Contains(expected, result.Run.Message, StringComparison.Ordinal);
        Assert.Equal([JournalEvents.Started, JournalEvents.AttemptFailed, JournalEvents.Faulted, JournalEvents.InstanceFaulted], result.EventsOf("aside"));
    }
}
