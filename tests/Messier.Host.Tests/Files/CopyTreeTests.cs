using System.Text.Json.Nodes;
using Messier.Commands;
using Messier.Host.Tests.Support;
using Messier.Workflows.Definitions;
using Messier.Workflows.Journal;
using Messier.Workflows.Runtime;

namespace Messier.Host.Tests.Files;

/// <summary>
/// CopyTree between two directories of one ext4 filesystem, which holds everything: the copy must
/// lose nothing. (The lossy target, zfs-fuse, is in DirectoryToDatasetConversionTests.)
/// </summary>
public sealed class CopyTreeTests : IAsyncLifetime
{
    private readonly string root = Directory.CreateTempSubdirectory("messier-copy-").FullName;
    private readonly StepHarness harness = new();

    private string Source => Path.Combine(root, "source");

    private string Target => Path.Combine(root, "target");

    public Task InitializeAsync()
    {
        TrickyTree.Create(Source);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Copies_everything_a_careless_copy_loses_then_observes_the_copy_done()
    {
        var before = TreeManifest.Of(Source);

        var first = await CopyAsync();
        var second = await CopyAsync();

        Assert.True(first.Status == InstanceStatus.Finished, first.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.Completed], first.EventsOf("copy"));
        before.AssertSameAs(TreeManifest.Of(Target));
        AssertSameXattrsAndAcls(before);
        Assert.True(TreeManifest.Of(Target)["sparse.img"].Blocks * 512 < TrickyTree.SparseSize / 8, "the sparse file was written out whole");

        var outputs = first.StepOutputs("copy");
        var files = before.Entries.Values.Where(e => e.Type == "f").ToList();
        Assert.Equal(files.Count, outputs["files"]!.GetValue<long>());
        Assert.Equal(before.Entries.Count, outputs["entries"]!.GetValue<long>());
        Assert.Equal(files.Sum(f => f.Size) + before.Entries.Values.Where(e => e.Type == "l").Sum(l => l.Size), outputs["bytes"]!.GetValue<long>());
        Assert.Empty(outputs["lostXattrs"]!.AsArray());
        Assert.Empty(outputs["lostAcls"]!.AsArray());
        Assert.Equal(0, outputs["lostXattrCount"]!.GetValue<long>());

        // Scanned, probed for exactly what the source has, copied with every flag, probe gone.
        Assert.Equal(["getfattr", "--recursive", "--physical", "--no-dereference", "--match=-", "."], first.Commands[0].Argv);
        Assert.Contains(first.Commands, c => c.Argv[0] == "setfacl" && c.Argv.Contains("-d") && c.ExitCode == 0);
        Assert.Contains(first.Commands, c => c.Argv[0] == "setfattr" && c.Argv[2] == "user.messier-probe" && c.ExitCode == 0);
        var copy = first.Commands.Single(c => c.Argv[0] == "rsync" && !c.Argv.Contains("--dry-run"));
        Assert.Equal(["rsync", "-aH", "-A", "-X", "--numeric-ids", "--sparse", "--no-h", "--stats", "--info=progress2", Source + "/", Target + "/"], copy.Argv);
        Assert.False(Directory.Exists(Path.Combine(Target, ".messier-capability-probe")));

        Assert.True(second.Status == InstanceStatus.Finished, second.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], second.EventsOf("copy"));
        Assert.All(second.Commands, c => Assert.Contains("--dry-run", c.Argv));
        Assert.Equal(outputs["bytes"]!.GetValue<long>(), second.StepOutputs("copy")["bytes"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_target_spoiled_after_the_copy_is_not_done_and_is_copied_right_again()
    {
        await CopyAsync();
        var file = Path.Combine(Target, "sub", "deeper", "file");
        var stamp = File.GetLastWriteTimeUtc(file);
        await File.WriteAllTextAsync(file, "Deep\n");
        File.SetLastWriteTimeUtc(file, stamp);

        var again = await CopyAsync();

        Assert.True(again.Status == InstanceStatus.Finished, again.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.Completed], again.EventsOf("copy"));
        Assert.Contains("--checksum", again.Commands.Single(c => c.Argv[0] == "rsync" && !c.Argv.Contains("--dry-run")).Argv);
        Assert.Equal("deep\n", await File.ReadAllTextAsync(file));
        TreeManifest.Of(Source).AssertSameAs(TreeManifest.Of(Target));
    }

    [Fact]
    public async Task The_partial_file_of_an_rsync_killed_mid_file_is_removed_and_a_stranger_s_file_is_kept()
    {
        // A big file rsync copies slowly enough to be SIGKILLed half way, as a reboot would.
        var big = Path.Combine(Source, "sub", "big.bin");
        Shell.Must("dd", "if=/dev/urandom", "of=" + big, "bs=1M", "count=16", "status=none");
        Directory.CreateDirectory(Path.Combine(Target, "sub"));
        using var rsync = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("rsync", ["-a", "--bwlimit=1500", big, Path.Combine(Target, "sub") + "/"]) { RedirectStandardOutput = true })!;
        string? partial = null;
        for (var waited = 0; partial is null && waited < 600; waited++)
        {
            await Task.Delay(50);
            partial = Directory.EnumerateFiles(Path.Combine(Target, "sub"), ".big.bin.*").FirstOrDefault(f => new FileInfo(f).Length > 0);
        }

        // Every rsync process at once, as a power cut does: stopped first, so that none sees the
        // others die and cleans up after them (the receiver removes its partial file when the
        // sender merely goes away).
        // rsync's forks share its command line, which names this test's own target folder.
        Shell.Must("pkill", "-STOP", "-f", Target);
        Shell.Must("pkill", "-KILL", "-f", Target);
        await rsync.WaitForExitAsync();
        Assert.True(partial is not null && File.Exists(partial), "rsync never wrote a partial .big.bin.XXXXXX");

        // Not rsync's: no "notes" in the source's folder, and a name the source itself has.
        var stranger = Path.Combine(Target, "sub", ".notes.Ab12Cd");
        await File.WriteAllTextAsync(stranger, "someone's notes");
        var before = TreeManifest.Of(Source);

        var copy = await CopyAsync();

        Assert.True(copy.Status == InstanceStatus.Finished, copy.ToString());
        Assert.False(File.Exists(partial), "the partial file is still there");
        Assert.Equal("someone's notes", await File.ReadAllTextAsync(stranger));

        // Without the stranger (and with its folder's mtime put back) the target is the source.
        var folder = TreeManifest.Of(Target)["sub"];
        File.Delete(stranger);
        Shell.Must("touch", "-d", $"@{folder.MtimeSeconds}.{folder.MtimeNanos:D9}", Path.Combine(Target, "sub"));
        before.AssertSameAs(TreeManifest.Of(Target));
    }

    [Fact]
    public async Task Reports_the_copy_s_progress_while_it_runs()
    {
        var observer = new RecordingObserver();
        var loaded = new DefinitionLoader(harness.Registry).Load($$"""{"name":"progress","root":{{Activity()}}}""", "progress.json");
        var engine = new WorkflowEngine(await harness.JournalAsync(), harness.Registry, new CliWrapCommandRunner(), observer);

        var result = await engine.StartAsync(loaded.Definition!, new Dictionary<string, JsonNode?>(), CancellationToken.None);

        Assert.Equal(InstanceStatus.Finished, result.Status);
        Assert.Contains($"copy: looking for ACLs and xattrs in {Source}", observer.ProgressLines);
        Assert.Contains(observer.ProgressLines, line => line.StartsWith("copy: rsync: ", StringComparison.Ordinal) && line.Contains('%', StringComparison.Ordinal));
        Assert.Contains(observer.ProgressLines, line => line.StartsWith("copy: copied ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refuses_a_target_inside_its_source_and_a_missing_source()
    {
        var inside = await harness.RunActivityAsync(ActivityJson.Of("CopyTree", "copy", ("source", Source), ("target", Path.Combine(Source, "sub", "copy"))));
        var missing = await harness.RunActivityAsync(ActivityJson.Of("CopyTree", "copy", ("source", Path.Combine(root, "nothing")), ("target", Target)));
        var relative = await harness.RunActivityAsync(ActivityJson.Of("CopyTree", "copy", ("source", "source"), ("target", Target)));

        Assert.Equal(InstanceStatus.Faulted, inside.Status);
        Assert.Contains("overlap", inside.Run.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Source, "sub", "copy")));
        Assert.Equal(InstanceStatus.Faulted, missing.Status);
        Assert.Contains("does not exist", missing.Run.Message, StringComparison.Ordinal);
        Assert.Equal(InstanceStatus.Faulted, relative.Status);
        Assert.Contains("must be an absolute path", relative.Run.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Target));
        Assert.Empty(inside.Commands.Concat(missing.Commands).Concat(relative.Commands));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(root, recursive: true);
        return harness.DisposeAsync().AsTask();
    }

    private string Activity() => ActivityJson.Of("CopyTree", "copy", ("source", Source), ("target", Target));

    private Task<HarnessResult> CopyAsync() => harness.RunActivityAsync(Activity());

    /// <summary>getfattr and getfacl dumps of every entry but symlinks (which carry neither) are the same on both sides.</summary>
    private void AssertSameXattrsAndAcls(TreeManifest source)
    {
        foreach (var entry in source.Entries.Values.Where(e => e.Type != "l"))
        {
            var from = Path.Combine(Source, entry.Path);
            var to = Path.Combine(Target, entry.Path);
            Assert.Equal(Dump("getfattr", "-d", "-m", "-", "-h", "--", from), Dump("getfattr", "-d", "-m", "-", "-h", "--", to));
            Assert.Equal(Dump("getfacl", "-c", "-p", "--", from), Dump("getfacl", "-c", "-p", "--", to));
        }

        Assert.Contains("user.color=\"blue\"", Dump("getfattr", "-d", "-m", "-", "-h", "--", Path.Combine(Target, "hard-b")), StringComparison.Ordinal);
        Assert.Contains($"default:user:{TrickyTree.OrphanUid}:rwx", Dump("getfacl", "-c", "-p", "--", Path.Combine(Target, "acl-dir")), StringComparison.Ordinal);
    }

    /// <summary>A dump without its "# file:" line, which names the side.</summary>
    private static string Dump(params string[] argv) =>
        string.Join('\n', Shell.Must(argv).Split('\n').Where(line => !line.StartsWith("# file:", StringComparison.Ordinal)));
}
