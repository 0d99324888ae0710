using System.Text.Json.Nodes;
using Messier.Host.Tests.Support;
using Messier.Workflows.Journal;

namespace Messier.Host.Tests.Files;

/// <summary>
/// The conversion the seed's _convert_directory_to_dataset got wrong (cp -r dir/* lost dotfiles,
/// hard links, owners, xattrs, ACLs and sparseness), done with the file activities onto a real
/// zfs-fuse dataset. zfs-fuse holds neither xattrs nor POSIX ACLs, so the tricky tree's are the
/// loss the copy must refuse, or, when told to accept it, name; everything else must arrive intact.
/// </summary>
[Collection(ZfsFuseSerial.Name)]
public sealed class DirectoryToDatasetConversionTests : IClassFixture<ZfsPoolFixture>, IAsyncLifetime
{
    private readonly ZfsPoolFixture pool;
    private readonly ZfsSandbox zfs;
    private readonly StepHarness harness = new();

    /// <summary>Names of this test's own, since the pool is shared by the class.</summary>
    private readonly string name = "t" + Guid.NewGuid().ToString("N")[..8];

    public DirectoryToDatasetConversionTests(ZfsPoolFixture pool)
    {
        this.pool = pool;
        zfs = pool.Zfs;
    }

    private string Source => zfs.PathOf(name + "-service");

    private string Mountpoint { get; set; } = string.Empty;

    public Task InitializeAsync()
    {
        TrickyTree.Create(Source);
        Mountpoint = pool.CreateDataset(name).Mountpoint;
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Refuses_before_copying_anything_and_names_the_xattrs_and_acls_the_dataset_cannot_hold()
    {
        var result = await harness.RunActivityAsync(Copy(acceptLoss: false));

        Assert.True(result.Status == InstanceStatus.Faulted, result.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.AttemptFailed, JournalEvents.Faulted, JournalEvents.InstanceFaulted], result.EventsOf("copy"));
        var message = result.Run.Message!;
        Assert.Contains("nothing was copied", message, StringComparison.Ordinal);
        Assert.Contains("does not hold POSIX ACLs, which 2 files have: ", message, StringComparison.Ordinal);
        Assert.Contains("acl-file: access ACL", message, StringComparison.Ordinal);
        Assert.Contains("acl-dir: access, default ACL", message, StringComparison.Ordinal);
        Assert.Contains($"does not hold user.* extended attributes, which {TrickyTree.XattrNames.Length} files have: ", message, StringComparison.Ordinal);
        Assert.All(TrickyTree.XattrNames, name => Assert.Contains(name + ": user.", message, StringComparison.Ordinal));
        Assert.Contains("acceptLoss", message, StringComparison.Ordinal);

        // Nothing in the dataset, and rsync never ran except for the observe's dry run.
        Assert.Empty(Directory.EnumerateFileSystemEntries(Mountpoint));
        Assert.DoesNotContain(result.Commands, c => c.Argv[0] == "rsync" && !c.Argv.Contains("--dry-run"));
        Assert.Contains(result.Commands, c => c.Argv[0] == "setfacl" && c.ExitCode != 0 && c.OutputTail.Contains("Operation not supported", StringComparison.Ordinal));
        Assert.Contains(result.Commands, c => c.Argv[0] == "setfattr" && c.ExitCode != 0);
    }

    [Fact]
    public async Task CheckCopyTarget_refuses_the_same_loss_before_anything_is_copied_and_reports_it_when_accepted()
    {
        var before = TreeManifest.Of(Source);
        string Check(bool acceptLoss) =>
            ActivityJson.Of("CheckCopyTarget", "check", ("source", Source), ("target", Mountpoint), ("acceptLoss", acceptLoss));

        var refused = await harness.RunActivityAsync(Check(acceptLoss: false));
        var accepted = await harness.RunActivityAsync(Check(acceptLoss: true));

        Assert.True(refused.Status == InstanceStatus.Faulted, refused.ToString());
        Assert.Contains("nothing was moved or copied", refused.Run.Message, StringComparison.Ordinal);
        Assert.Contains("acl-file: access ACL", refused.Run.Message, StringComparison.Ordinal);
        Assert.Contains("plain.txt: user.", refused.Run.Message, StringComparison.Ordinal);
        Assert.True(accepted.Status == InstanceStatus.Finished, accepted.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], accepted.EventsOf("check"));
        Assert.Equal(2, accepted.StepOutputs("check")["lostAclCount"]!.GetValue<long>());
        Assert.Equal(TrickyTree.XattrNames.Length, accepted.StepOutputs("check")["lostXattrCount"]!.GetValue<long>());

        // Only a probe file came and went: the source is untouched, the target still empty.
        before.AssertSameAs(TreeManifest.Of(Source));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Mountpoint));
    }

    [Fact]
    public async Task With_acceptLoss_copies_everything_else_exactly_and_lists_what_was_lost()
    {
        var before = TreeManifest.Of(Source);

        var copy = await harness.RunActivityAsync(Copy(acceptLoss: true));
        var lenient = await harness.RunActivityAsync(Verify(ignoreXattrsAndAcls: true));
        var strict = await harness.RunActivityAsync(Verify(ignoreXattrsAndAcls: false));

        Assert.True(copy.Status == InstanceStatus.Finished, copy.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.Completed], copy.EventsOf("copy"));
        var outputs = copy.StepOutputs("copy");
        Assert.Equal(2, outputs["lostAclCount"]!.GetValue<long>());
        Assert.Equal(["acl-dir: access, default ACL", "acl-file: access ACL"], Strings(outputs["lostAcls"]!).Order(StringComparer.Ordinal));
        Assert.Equal(TrickyTree.XattrNames.Length, outputs["lostXattrCount"]!.GetValue<long>());
        Assert.Contains("plain.txt: user.color", Strings(outputs["lostXattrs"]!));
        Assert.Contains($"{TrickyTree.NewlineNameEscaped}: user.note", Strings(outputs["lostXattrs"]!));
        var rsync = copy.Commands.Single(c => c.Argv[0] == "rsync" && !c.Argv.Contains("--dry-run"));
        Assert.DoesNotContain("-A", rsync.Argv);
        Assert.DoesNotContain("-X", rsync.Argv);

        // The lost items are the only difference: with them ignored the copy verifies, with them it does not.
        Assert.True(lenient.Status == InstanceStatus.Finished, lenient.ToString());
        Assert.True(lenient.StepOutputs("verify")["identical"]!.GetValue<bool>());
        Assert.Equal(InstanceStatus.Faulted, strict.Status);
        Assert.Contains("plain.txt: differs in xattrs", strict.Run.Message, StringComparison.Ordinal);

        // Independently of rsync: contents, types, modes, numeric owners (4242 has no passwd entry),
        // mtimes, symlink targets (the dangling one too) and hard-link partners. zfs-fuse keeps
        // whole seconds only, so a nanosecond part may be dropped but nothing else may change.
        var after = TreeManifest.Of(Mountpoint);
        before.AssertSameAs(after, wholeSecondMtimes: true);
        Assert.All(after.Entries.Values, e => Assert.True(e.MtimeNanos == before[e.Path].MtimeNanos || e.MtimeNanos == 0, $"{e.Path}: mtime ns {e.MtimeNanos}"));
        Assert.Equal(TrickyTree.OrphanUid, after["orphan"].Uid);
        Assert.Equal("does/not/exist", after["link-dangling"].LinkTarget);
        Assert.Equal(3, after["hard-a"].Links);
        Assert.Equal(after["hard-a"].Inode, after["sub/hard-c"].Inode);
        Assert.Equal("2770", after["shared"].Mode);
        Assert.Equal("p", after["fifo"].Type);
        AssertStillSparse();
    }

    [Fact]
    public async Task Converts_a_directory_into_a_dataset_as_one_flow_and_removes_the_orig_only_after_verifying_it()
    {
        var service = zfs.PathOf(name + "-svc");
        TrickyTree.Create(service);
        var before = TreeManifest.Of(service);
        var flow = ActivityJson.Sequence(
            "convert",
            ActivityJson.Of("MoveAside", "aside", ("path", service)),
            ActivityJson.Of("EnsureDataset", "dataset", ("name", $"{zfs.PoolName}/{name}-svc"), ("mountpoint", service)),
            ActivityJson.Of("CopyTree", "copy", ("source", service + ".orig"), ("target", service), ("acceptLoss", true)),
            ActivityJson.Of("VerifyTree", "verify", ("source", service + ".orig"), ("target", service), ("ignoreXattrsAndAcls", true)),
            ActivityJson.Of("RemoveVerifiedCopy", "remove", ("copy", service + ".orig"), ("original", service), ("ignoreXattrsAndAcls", true)));

        var result = await harness.RunActivityAsync(flow);

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        foreach (var step in new[] { "aside", "dataset", "copy", "remove" })
        {
            Assert.Equal([JournalEvents.Started, JournalEvents.Completed], result.EventsOf(step));
        }

        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], result.EventsOf("verify"));
        Assert.Equal("yes", zfs.ZfsGet($"{zfs.PoolName}/{name}-svc", "mounted"));
        Assert.Equal(service, Shell.Must("stat", "-c", "%m", service).Trim());
        Assert.False(Directory.Exists(service + ".orig"));
        before.AssertSameAs(TreeManifest.Of(service), wholeSecondMtimes: true);
        Assert.Equal(6, result.StepOutputs("copy")["lostXattrCount"]!.GetValue<long>());
        Assert.True(result.StepOutputs("remove")["removed"]!.GetValue<bool>());

        // The .orig was verified by the removing step itself, right before it was renamed for rm,
        // so that an interrupted rm leaves a name only a verified copy gets.
        var removeCommands = result.Commands.Where(c => c.ActivityId == "remove").Select(c => c.Argv[0]).ToList();
        Assert.Equal(["stat", "rsync", "rsync", "rm"], removeCommands);
        Assert.Equal(["rm", "-rf", "--one-file-system", "--", service + ".orig.messier-removing"], result.Commands.Single(c => c.Argv[0] == "rm").Argv);
        Assert.False(Directory.Exists(service + ".orig.messier-removing"));
    }

    public Task DisposeAsync() => harness.DisposeAsync().AsTask();

    /// <summary>
    /// zfs-fuse reports a file's blocks only once its transaction group is written, so a dense
    /// control file copied without --sparse shows when the counts are real; then the sparse file
    /// must have stayed a few records, not 32 MiB.
    /// </summary>
    private void AssertStillSparse()
    {
        var control = Path.Combine(Mountpoint, "control.img");
        Shell.Must("cp", "--sparse=never", Path.Combine(Source, "sparse.img"), control);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (TreeManifest.Of(Mountpoint)["control.img"].Blocks * 512 < TrickyTree.SparseSize * 9 / 10)
        {
            Assert.True(DateTime.UtcNow < deadline, "zfs-fuse never reported the dense control file's blocks");
            Shell.Must("sync");
            Thread.Sleep(500);
        }

        var sparse = TreeManifest.Of(Mountpoint)["sparse.img"];
        Assert.Equal(TrickyTree.SparseSize, sparse.Size);
        Assert.True(sparse.Blocks * 512 < TrickyTree.SparseSize / 8, $"sparse.img holds {sparse.Blocks * 512} bytes on disk");
        File.Delete(control);
    }

    private string Copy(bool acceptLoss) =>
        ActivityJson.Of("CopyTree", "copy", ("source", Source), ("target", Mountpoint), ("acceptLoss", acceptLoss), ("retry", new JsonObject { ["attempts"] = 3 }));

    private string Verify(bool ignoreXattrsAndAcls) =>
        ActivityJson.Of("VerifyTree", "verify", ("source", Source), ("target", Mountpoint), ("ignoreXattrsAndAcls", ignoreXattrsAndAcls));

    private static List<string> Strings(JsonNode array) => array.AsArray().Select(n => n!.GetValue<string>()).ToList();
}
