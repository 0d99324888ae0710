using Messier.Host.Tests.Support;
using Messier.Workflows.Journal;

namespace Messier.Host.Tests.Files;

/// <summary>
/// VerifyTree against copies made by cp -a (not by the rsync the activity uses), each then spoiled
/// in one way a copy can go wrong.
/// </summary>
public sealed class VerifyTreeTests : IAsyncLifetime
{
    private readonly string root = Directory.CreateTempSubdirectory("messier-verify-").FullName;
    private readonly StepHarness harness = new();

    private string Source => Path.Combine(root, "source");

    private string Target => Path.Combine(root, "target");

    public Task InitializeAsync()
    {
        TrickyTree.Create(Source);
        Shell.Must("cp", "-a", Source, Target);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_identical_copy_is_observed_done_with_the_count_of_entries_checked()
    {
        var result = await VerifyAsync();

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], result.EventsOf("verify"));
        var outputs = result.StepOutputs("verify");
        Assert.True(outputs["identical"]!.GetValue<bool>());
        var manifest = TreeManifest.Of(Source);
        Assert.Equal(manifest.Entries.Count, outputs["checked"]!.GetValue<long>());
        Assert.Equal(manifest.Entries.Values.Count(e => e.Type == "f"), outputs["files"]!.GetValue<long>());
        Assert.All(result.Commands, c => Assert.Contains("--dry-run", c.Argv));
    }

    [Fact]
    public async Task One_byte_changed_with_the_same_size_and_mtime_is_found_by_its_checksum()
    {
        var file = Path.Combine(Target, "sub", "deeper", "file");
        var stamp = File.GetLastWriteTimeUtc(file);
        await File.WriteAllTextAsync(file, "Deep\n");
        File.SetLastWriteTimeUtc(file, stamp);

        var result = await VerifyAsync();

        AssertFailedWith(result, "sub/deeper/file: differs in content");
    }

    [Fact]
    public async Task A_file_only_in_the_target_and_one_missing_from_it_are_both_differences()
    {
        await File.WriteAllTextAsync(Path.Combine(Target, "stray"), "not in the source");
        File.Delete(Path.Combine(Target, ".dotfile"));

        var result = await VerifyAsync();

        AssertFailedWith(result, "stray: only in the target");
        AssertMentions(result, ".dotfile: missing from the target");
    }

    [Fact]
    public async Task A_hard_link_broken_into_separate_files_is_a_difference()
    {
        var name = Path.Combine(Target, "hard-b");
        File.Delete(name);
        Shell.Must("cp", "-p", Path.Combine(Target, "hard-a"), name);

        var result = await VerifyAsync();

        AssertFailedWith(result, "hard-b: not hard-linked to hard-a as in the source");
    }

    [Fact]
    public async Task Files_hard_linked_in_the_target_but_separate_in_the_source_are_a_difference()
    {
        // Same content, mode, owner and mtime: only the link differs, which rsync -H alone does not see.
        Shell.Must("cp", "-p", Path.Combine(Source, ".dotfile"), Path.Combine(Source, "twin"));
        Shell.Must("ln", Path.Combine(Target, ".dotfile"), Path.Combine(Target, "twin"));
        Shell.Must("touch", "-r", Path.Combine(Source, "."), Path.Combine(Target, "."));

        var result = await VerifyAsync();

        AssertFailedWith(result, "hard-linked to");
        AssertMentions(result, "in the target but not in the source");
    }

    [Fact]
    public async Task A_numeric_owner_a_mode_and_a_symlink_target_are_compared()
    {
        Shell.Must("chown", "-h", "4243", Path.Combine(Target, "orphan"));
        Shell.Must("chmod", "0644", Path.Combine(Target, "secret"));
        File.Delete(Path.Combine(Target, "link-relative"));
        File.CreateSymbolicLink(Path.Combine(Target, "link-relative"), "hard-a");

        var result = await VerifyAsync();

        AssertFailedWith(result, "orphan: differs in owner");
        AssertMentions(result, "secret: differs in permissions");
        AssertMentions(result, "link-relative: differs in symlink target");
        AssertMentions(result, "pointing to plain.txt in the source");
    }

    [Fact]
    public async Task Xattrs_and_acls_are_compared_unless_ignored()
    {
        Shell.Must("setfattr", "-n", "user.color", "-v", "red", Path.Combine(Target, "plain.txt"));
        // -n keeps the mask, so the mode's group bits stay and only the ACL differs.
        Shell.Must("setfacl", "-n", "-m", $"u:{TrickyTree.OrphanUid}:r", Path.Combine(Target, "acl-file"));

        var strict = await VerifyAsync();
        var lenient = await VerifyAsync(ignoreXattrsAndAcls: true);

        AssertFailedWith(strict, "plain.txt: differs in xattrs");
        AssertMentions(strict, "acl-file: differs in ACL");
        Assert.True(lenient.Status == InstanceStatus.Finished, lenient.ToString());
        Assert.DoesNotContain(lenient.Commands.Single(c => c.Argv[^1] == Target + "/").Argv, a => a is "-A" or "-X");
    }

    [Fact]
    public async Task A_missing_target_fails_the_verification()
    {
        Shell.Must("rm", "-rf", Target);

        var result = await VerifyAsync();

        AssertFailedWith(result, "the target does not exist");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(root, recursive: true);
        return harness.DisposeAsync().AsTask();
    }

    private Task<HarnessResult> VerifyAsync(bool ignoreXattrsAndAcls = false) =>
        harness.RunActivityAsync(ActivityJson.Of("VerifyTree", "verify", ("source", Source), ("target", Target), ("ignoreXattrsAndAcls", ignoreXattrsAndAcls), ("retry", new System.Text.Json.Nodes.JsonObject { ["attempts"] = 3 })));

    /// <summary>A verification failure is final: one attempt, despite the retry policy, and nothing written.</summary>
    private static void AssertFailedWith(HarnessResult result, string expected)
    {
        Assert.True(result.Status == InstanceStatus.Faulted, result.ToString());
        AssertMentions(result, expected);
        Assert.Equal([JournalEvents.Started, JournalEvents.AttemptFailed, JournalEvents.Faulted, JournalEvents.InstanceFaulted], result.EventsOf("verify"));
        Assert.All(result.Commands, c => Assert.Contains("--dry-run", c.Argv));
    }

    private static void AssertMentions(HarnessResult result, string expected) =>
        Assert.True(result.Run.Message?.Contains(expected, StringComparison.Ordinal) == true, $"expected '{expected}' in: {result.Run.Message}");
}
