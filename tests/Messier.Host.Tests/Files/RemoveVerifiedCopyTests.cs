using System.Text.Json.Nodes;
using Messier.Host.Tests.Support;
using Messier.Workflows.Journal;

namespace Messier.Host.Tests.Files;

/// <summary>
/// RemoveVerifiedCopy deletes an .orig only when it has just been verified against the data it
/// backs up; every test that expects a refusal checks the copy is still whole afterwards.
/// </summary>
public sealed class RemoveVerifiedCopyTests : IAsyncLifetime
{
    private readonly string root = Directory.CreateTempSubdirectory("messier-remove-").FullName;
    private readonly StepHarness harness = new();

    private string Original => Path.Combine(root, "docker");

    private string Copy => Original + ".orig";

    private string Removing => Copy + ".messier-removing";

    public Task InitializeAsync()
    {
        TrickyTree.Create(Original);
        Shell.Must("cp", "-a", Original, Copy);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Removes_an_identical_copy_after_verifying_it_and_leaves_the_original_alone()
    {
        var original = TreeManifest.Of(Original);

        var first = await RemoveAsync();
        var second = await RemoveAsync();

        Assert.True(first.Status == InstanceStatus.Finished, first.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.Completed], first.EventsOf("remove"));
        Assert.False(Directory.Exists(Copy));
        original.AssertSameAs(TreeManifest.Of(Original));
        Assert.True(first.StepOutputs("remove")["removed"]!.GetValue<bool>());
        Assert.Equal(original.Entries.Count, first.StepOutputs("remove")["checked"]!.GetValue<long>());
        Assert.Equal(["stat", "rsync", "rsync", "rm"], first.Commands.Select(c => c.Argv[0]));

        // Renamed before the rm, so an interrupted rm leaves a name only verified copies get.
        Assert.Equal(["rm", "-rf", "--one-file-system", "--", Removing], first.Commands[^1].Argv);
        Assert.False(Directory.Exists(Removing));
        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], second.EventsOf("remove"));
        Assert.False(second.StepOutputs("remove")["removed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_removal_interrupted_after_the_rename_is_finished_without_verifying_again_and_the_original_is_intact()
    {
        // As a run killed during its rm leaves it: renamed, and partly deleted, so it no longer verifies.
        Directory.Move(Copy, Removing);
        Directory.Delete(Path.Combine(Removing, "sub"), recursive: true);
        File.Delete(Path.Combine(Removing, "plain.txt"));
        var original = TreeManifest.Of(Original);

        var first = await RemoveAsync();
        var second = await RemoveAsync();

        Assert.True(first.Status == InstanceStatus.Finished, first.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.Completed], first.EventsOf("remove"));
        Assert.False(Directory.Exists(Removing));
        Assert.False(Directory.Exists(Copy));
        original.AssertSameAs(TreeManifest.Of(Original));
        Assert.DoesNotContain(first.Commands, c => c.Argv[0] == "rsync");
        Assert.Equal(["rm", "-rf", "--one-file-system", "--", Removing], first.Commands[^1].Argv);
        Assert.True(first.StepOutputs("remove")["removed"]!.GetValue<bool>());
        Assert.Equal(0, first.StepOutputs("remove")["checked"]!.GetValue<long>());
        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], second.EventsOf("remove"));
    }

    [Fact]
    public async Task A_leftover_of_an_interrupted_removal_beside_a_new_copy_are_both_removed_the_copy_only_after_verifying()
    {
        Shell.Must("cp", "-a", Copy, Removing);
        File.Delete(Path.Combine(Removing, "plain.txt"));
        var original = TreeManifest.Of(Original);

        var result = await RemoveAsync();

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        Assert.False(Directory.Exists(Removing));
        Assert.False(Directory.Exists(Copy));
        original.AssertSameAs(TreeManifest.Of(Original));
        Assert.Equal(["stat", "rm", "stat", "rsync", "rsync", "rm"], result.Commands.Select(c => c.Argv[0]));
        Assert.Equal(original.Entries.Count, result.StepOutputs("remove")["checked"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_leftover_whose_original_has_gone_is_kept_as_possibly_the_only_data()
    {
        Directory.Move(Copy, Removing);
        Directory.Move(Original, Path.Combine(root, "elsewhere"));

        var result = await RemoveAsync();

        AssertRefused(result, "may now be the only copy");
        Assert.True(File.Exists(Path.Combine(Removing, "plain.txt")));
    }

    [Fact]
    public async Task One_byte_different_refuses_and_the_copy_stays_whole()
    {
        var file = Path.Combine(Copy, "sub", "deeper", "file");
        var stamp = File.GetLastWriteTimeUtc(file);
        await File.WriteAllTextAsync(file, "Deep\n");
        File.SetLastWriteTimeUtc(file, stamp);
        var copy = TreeManifest.Of(Copy);

        var result = await RemoveAsync();

        AssertRefused(result, "sub/deeper/file: differs in content");
        copy.AssertSameAs(TreeManifest.Of(Copy));
    }

    [Fact]
    public async Task A_file_the_original_lacks_refuses_because_the_copy_may_be_its_only_home()
    {
        File.Delete(Path.Combine(Original, "orphan"));
        Shell.Must("touch", "-r", Path.Combine(Copy, "."), Path.Combine(Original, "."));
        var copy = TreeManifest.Of(Copy);

        var result = await RemoveAsync();

        AssertRefused(result, "orphan: only in the copy");
        copy.AssertSameAs(TreeManifest.Of(Copy));
    }

    [Fact]
    public async Task Lost_xattrs_refuse_unless_the_flow_accepted_their_loss()
    {
        Shell.Must("setfattr", "-x", "user.color", Path.Combine(Original, "plain.txt"));

        var strict = await RemoveAsync();
        Assert.True(Directory.Exists(Copy));
        var lenient = await RemoveAsync(ignoreXattrsAndAcls: true);

        AssertRefused(strict, "plain.txt: differs in xattrs");
        Assert.True(lenient.Status == InstanceStatus.Finished, lenient.ToString());
        Assert.False(Directory.Exists(Copy));
    }

    [Fact]
    public async Task Refuses_root_relative_paths_overlaps_symlinks_and_mountpoints()
    {
        using var mount = new TmpfsMount();
        var link = Path.Combine(root, "link.orig");
        File.CreateSymbolicLink(link, Copy);

        var slash = await RemoveAsync(copy: "/");
        var relative = await RemoveAsync(copy: "docker.orig");
        var inside = await RemoveAsync(copy: Path.Combine(Original, "sub"));
        var symlink = await RemoveAsync(copy: link);
        var mountpoint = await RemoveAsync(copy: mount.Path);

        AssertRefused(slash, "refusing to remove /");
        AssertRefused(relative, "must be an absolute path");
        AssertRefused(inside, "overlap");
        AssertRefused(symlink, "not a directory (a symlink");
        AssertRefused(mountpoint, "is a mountpoint");
        Assert.True(Directory.Exists(Path.Combine(Original, "sub")));
        Assert.True(File.Exists(Path.Combine(Copy, "plain.txt")));
        Assert.True(Directory.Exists(mount.Path));
    }

    [Fact]
    public async Task With_neither_copy_nor_original_there_is_nothing_to_verify_and_the_step_fails()
    {
        Shell.Must("rm", "-rf", Copy, Original);

        var result = await RemoveAsync();

        AssertRefused(result, "neither the copy");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(root, recursive: true);
        return harness.DisposeAsync().AsTask();
    }

    private Task<HarnessResult> RemoveAsync(string? copy = null, bool ignoreXattrsAndAcls = false) =>
        harness.RunActivityAsync(ActivityJson.Of(
            "RemoveVerifiedCopy",
            "remove",
            ("copy", copy ?? Copy),
            ("original", Original),
            ("ignoreXattrsAndAcls", ignoreXattrsAndAcls),
            ("retry", new JsonObject { ["attempts"] = 3 })));

    /// <summary>Refused for good (one attempt of three), and rm never ran.</summary>
    private static void AssertRefused(HarnessResult result, string expected)
    {
        Assert.True(result.Status == InstanceStatus.Faulted, result.ToString());
        Assert.True(result.Run.Message!.Contains(expected, StringComparison.Ordinal), $"expected '{expected}' in: {result.Run.Message}");
        Assert.Equal([JournalEvents.Started, JournalEvents.AttemptFailed, JournalEvents.Faulted, JournalEvents.InstanceFaulted], result.EventsOf("remove"));
        Assert.DoesNotContain(result.Commands, c => c.Argv[0] == "rm");
    }
}
