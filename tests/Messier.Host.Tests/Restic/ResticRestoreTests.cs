using System.Text.Json.Nodes;
using Messier.Host.Tests.Support;
using Messier.Workflows.Journal;

namespace Messier.Host.Tests.Restic;

/// <summary>ResticRestore against real repositories made with restic init and backup.</summary>
public sealed class ResticRestoreTests : IAsyncLifetime
{
    private readonly string root = Directory.CreateTempSubdirectory("messier-restic-").FullName;
    private readonly StepHarness harness = new();
    private TestResticRepository repository = null!;

    private string Data => Path.Combine(root, "var", "lib", "sonarr");

    public Task InitializeAsync()
    {
        repository = new TestResticRepository(root);
        TrickyTree.Create(Data);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Restores_the_backed_up_directory_at_the_target_itself_then_observes_data_present()
    {
        var before = TreeManifest.Of(Data);
        var snapshot = repository.Backup(Data);
        Shell.Must("rm", "-rf", Data);

        var first = await RestoreAsync(Data);
        var second = await RestoreAsync(Data);

        Assert.True(first.Status == InstanceStatus.Finished, first.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.Completed], first.EventsOf("restore"));
        var outputs = first.StepOutputs("restore");
        Assert.True(outputs["restored"]!.GetValue<bool>());
        Assert.Equal(snapshot, outputs["snapshotId"]!.GetValue<string>());
        Assert.Equal(Data, outputs["path"]!.GetValue<string>());
        Assert.Equal(before.Entries.Count - 1, outputs["files"]!.GetValue<long>());

        // At the target itself, not at target/<absolute path>, and no staging left behind.
        Assert.False(Directory.Exists(Path.Combine(Data, root.TrimStart('/'))));
        Assert.False(Directory.Exists(Path.Combine(Data, ".messier-restore")));
        AssertRestoredAsBackedUp(before, TreeManifest.Of(Data));
        Assert.Contains("user.color=\"blue\"", Shell.Must("getfattr", "-d", "--", Path.Combine(Data, "plain.txt")), StringComparison.Ordinal);
        Assert.Contains($"default:user:{TrickyTree.OrphanUid}:rwx", Shell.Must("getfacl", "-c", "--", Path.Combine(Data, "acl-dir")), StringComparison.Ordinal);
        Assert.Contains(first.Commands, c => c.Argv.SequenceEqual(["restic", "-r", repository.Location, "--password-file", repository.PasswordFile, "restore", snapshot, "--target", Path.Combine(Data, ".messier-restore", "tree")]));

        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], second.EventsOf("restore"));
        Assert.False(second.StepOutputs("restore")["restored"]!.GetValue<bool>());
        Assert.Empty(second.Commands);
    }

    [Fact]
    public async Task Restores_one_directory_of_a_snapshot_into_another_place()
    {
        var before = TreeManifest.Of(Path.Combine(Data, "sub"));
        repository.Backup(Data);
        var elsewhere = Path.Combine(root, "elsewhere");

        var result = await RestoreAsync(elsewhere, path: Path.Combine(Data, "sub"));

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        Assert.Contains(result.Commands, c => c.Argv[^2] == "--include" && c.Argv[^1] == Path.Combine(Data, "sub"));
        var after = TreeManifest.Of(elsewhere);
        Assert.Equal(before.Entries.Keys.Order(StringComparer.Ordinal), after.Entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(before["deeper/file"].Sha256, after["deeper/file"].Sha256);
        Assert.Equal(before["."].Mode, after["."].Mode);
        Assert.Equal(before["."].MtimeSeconds, after["."].MtimeSeconds);
    }

    [Fact]
    public async Task A_password_from_an_environment_variable_reaches_restic_but_never_the_journal()
    {
        var variable = "MESSIER_TEST_RESTIC_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, repository.Password);
        try
        {
            repository.Backup(Data);
            Shell.Must("rm", "-rf", Data);

            var result = await harness.RunActivityAsync(ActivityJson.Of("ResticRestore", "restore", ("repository", repository.Location), ("passwordVariable", variable), ("target", Data)));

            Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
            Assert.True(File.Exists(Path.Combine(Data, "plain.txt")));
            Assert.DoesNotContain(result.Commands, c => c.Argv.Any(a => a.Contains(repository.Password, StringComparison.Ordinal)));
            Assert.DoesNotContain(result.Commands, c => c.OutputTail.Contains(repository.Password, StringComparison.Ordinal));
            Assert.DoesNotContain(result.Journal, e => e.DataJson?.Contains(repository.Password, StringComparison.Ordinal) == true);
            Assert.DoesNotContain(result.Journal, e => e.DataJson?.Contains("horse", StringComparison.Ordinal) == true);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task A_repository_without_snapshots_fails_clearly_and_leaves_no_trace()
    {
        var target = Path.Combine(root, "empty-target");

        var result = await RestoreAsync(target);

        Assert.True(result.Status == InstanceStatus.Faulted, result.ToString());
        Assert.Contains($"the restic repository {repository.Location} has no snapshot 'latest' (it has no snapshots)", result.Run.Message, StringComparison.Ordinal);
        Assert.Equal([JournalEvents.Started, JournalEvents.AttemptFailed, JournalEvents.Faulted, JournalEvents.InstanceFaulted], result.EventsOf("restore"));
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public async Task A_wrong_password_is_not_retried()
    {
        repository.Backup(Data);
        var wrong = Path.Combine(root, "wrong-password");
        await File.WriteAllTextAsync(wrong, "not it\n");

        var result = await harness.RunActivityAsync(ActivityJson.Of(
            "ResticRestore", "restore", ("repository", repository.Location), ("passwordFile", wrong), ("target", Path.Combine(root, "t")), ("retry", new JsonObject { ["attempts"] = 3 })));

        Assert.Equal(InstanceStatus.Faulted, result.Status);
        Assert.Contains("wrong password", result.Run.Message, StringComparison.Ordinal);
        Assert.Single(result.Journal, e => e.Event == JournalEvents.AttemptFailed);
    }

    [Fact]
    public async Task A_target_holding_data_is_left_alone()
    {
        repository.Backup(Data);
        var before = TreeManifest.Of(Data);

        var result = await RestoreAsync(Data);

        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], result.EventsOf("restore"));
        Assert.Empty(result.Commands);
        before.AssertSameAs(TreeManifest.Of(Data));
    }

    [Fact]
    public async Task A_restore_interrupted_while_moving_files_into_place_is_finished_not_mistaken_for_data()
    {
        // The state a crash leaves after restic finished and some entries were already moved.
        var before = TreeManifest.Of(Data);
        var snapshot = repository.Backup(Data);
        Shell.Must("rm", "-rf", Data);
        var staging = Path.Combine(Data, ".messier-restore");
        repository.Restic("restore", snapshot, "--target", Path.Combine(staging, "tree"));
        var root = Shell.Must("stat", "-c", "%u:%g:%a:%.9Y", "--", Path.Combine(staging, "tree") + Data).Trim();
        await File.WriteAllTextAsync(Path.Combine(staging, "restored.json"), new JsonObject { ["snapshotId"] = snapshot, ["path"] = Data, ["root"] = root, ["files"] = before.Entries.Count - 1 }.ToJsonString());
        Directory.Move(Path.Combine(staging, "tree") + Data + "/plain.txt", Path.Combine(Data, "plain.txt"));
        Directory.Move(Path.Combine(staging, "tree") + Data + "/sub", Path.Combine(Data, "sub"));

        var result = await RestoreAsync(Data);

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.Completed], result.EventsOf("restore"));
        Assert.DoesNotContain(result.Commands, c => c.Argv[0] == "restic");
        Assert.Equal(before.Entries.Count - 1, result.StepOutputs("restore")["files"]!.GetValue<long>());
        Assert.False(Directory.Exists(staging));
        AssertRestoredAsBackedUp(before, TreeManifest.Of(Data));
    }

    [Fact]
    public async Task An_unfinished_restic_restore_is_discarded_and_done_again()
    {
        var before = TreeManifest.Of(Data);
        repository.Backup(Data);
        Shell.Must("rm", "-rf", Data);
        var partial = Path.Combine(Data, ".messier-restore", "tree", "half-written");
        Directory.CreateDirectory(Path.GetDirectoryName(partial)!);
        await File.WriteAllTextAsync(partial, "restic was killed here");

        var result = await RestoreAsync(Data);

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        Assert.Contains(result.Commands, c => c.Argv.SequenceEqual(["rm", "-rf", "--one-file-system", "--", Path.Combine(Data, ".messier-restore")]));
        AssertRestoredAsBackedUp(before, TreeManifest.Of(Data));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(root, recursive: true);
        return harness.DisposeAsync().AsTask();
    }

    private Task<HarnessResult> RestoreAsync(string target, string? path = null)
    {
        var properties = new List<(string, JsonNode?)> { ("repository", repository.Location), ("passwordFile", repository.PasswordFile), ("target", target), ("retry", new JsonObject { ["attempts"] = 3 }) };
        if (path is not null)
        {
            properties.Add(("path", path));
        }

        return harness.RunActivityAsync(ActivityJson.Of("ResticRestore", "restore", [.. properties]));
    }

    /// <summary>
    /// Everything the manifest records came back: contents, types, modes, numeric owners, mtimes
    /// with nanoseconds, symlinks, hard links, the FIFO.
    /// </summary>
    private static void AssertRestoredAsBackedUp(TreeManifest before, TreeManifest after) => before.AssertSameAs(after);
}
