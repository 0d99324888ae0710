using System.Text.Json.Nodes;
using Messier.Host.Tests.Support;
using Messier.Workflows.Journal;

namespace Messier.Host.Tests.Files;

/// <summary>
/// InspectPaths on every kind of entry a flow meets, on the root filesystem and on a real tmpfs
/// mount, which is a mountpoint with a filesystem type and source of its own.
/// </summary>
public sealed class InspectPathsTests : IAsyncLifetime
{
    private readonly string root = Directory.CreateTempSubdirectory("messier-inspect-").FullName;
    private readonly TmpfsMount mount = new();
    private readonly StepHarness harness = new();

    private string RootFileSystem { get; set; } = string.Empty;

    private string At(string name) => Path.Combine(root, name);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(At("empty"));
        Directory.CreateDirectory(At("full/nested"));
        await File.WriteAllTextAsync(At("full/.hidden"), "dotfile");
        await File.WriteAllTextAsync(At("full/plain"), "data");
        Directory.CreateDirectory(At("only-dotfile"));
        await File.WriteAllTextAsync(At("only-dotfile/.keep"), string.Empty);
        await File.WriteAllTextAsync(At("file"), "a file");
        File.CreateSymbolicLink(At("link-to-empty"), At("empty"));
        File.CreateSymbolicLink(At("dangling"), At("nowhere"));
        Shell.Must("mkfifo", At("fifo"));
        await File.WriteAllTextAsync(Path.Combine(mount.Path, "on-tmpfs"), "x");
        RootFileSystem = Shell.Must("findmnt", "-n", "-o", "FSTYPE", "-T", root).Trim();
    }

    [Fact]
    public async Task Reports_each_kind_without_following_symlinks_and_lists_those_with_data_in_order()
    {
        string[] paths = [At("missing"), At("full"), At("empty"), At("file"), At("link-to-empty"), At("dangling"), At("fifo"), At("only-dotfile")];

        var result = await InspectAsync(paths);

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], result.EventsOf("inspect"));
        var outputs = result.StepOutputs("inspect");
        AssertPath(outputs, At("missing"), exists: false, kind: null, empty: false, hasData: false, entries: 0, mountpoint: false, filesystem: null);
        AssertPath(outputs, At("full"), exists: true, kind: "directory", empty: false, hasData: true, entries: 3, mountpoint: false, filesystem: RootFileSystem);
        AssertPath(outputs, At("empty"), exists: true, kind: "directory", empty: true, hasData: false, entries: 0, mountpoint: false, filesystem: RootFileSystem);
        AssertPath(outputs, At("file"), exists: true, kind: "file", empty: false, hasData: true, entries: 0, mountpoint: false, filesystem: RootFileSystem);
        AssertPath(outputs, At("link-to-empty"), exists: true, kind: "symlink", empty: false, hasData: true, entries: 0, mountpoint: false, filesystem: RootFileSystem);
        AssertPath(outputs, At("dangling"), exists: true, kind: "symlink", empty: false, hasData: true, entries: 0, mountpoint: false, filesystem: RootFileSystem);
        AssertPath(outputs, At("fifo"), exists: true, kind: "other", empty: false, hasData: true, entries: 0, mountpoint: false, filesystem: RootFileSystem);
        AssertPath(outputs, At("only-dotfile"), exists: true, kind: "directory", empty: false, hasData: true, entries: 1, mountpoint: false, filesystem: RootFileSystem);
        Assert.Equal(
            [At("full"), At("file"), At("link-to-empty"), At("dangling"), At("fifo"), At("only-dotfile")],
            outputs["withData"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(paths.Length, outputs["paths"]!.AsObject().Count);

        // Read-only: the symlink still points where it did, and nothing was created.
        Assert.Equal(At("empty"), new FileInfo(At("link-to-empty")).LinkTarget);
        Assert.False(Directory.Exists(At("missing")));
        Assert.DoesNotContain(result.Commands, c => c.Argv[0] is not ("findmnt" or "stat"));
    }

    [Fact]
    public async Task A_mounted_filesystem_is_a_mountpoint_with_its_type_and_source_and_its_files_are_not()
    {
        var inside = Path.Combine(mount.Path, "on-tmpfs");
        var alias = At("alias");
        File.CreateSymbolicLink(alias, Path.GetDirectoryName(mount.Path)!);
        var throughAlias = Path.Combine(alias, Path.GetFileName(mount.Path));

        var result = await InspectAsync([mount.Path, inside, throughAlias]);

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        var outputs = result.StepOutputs("inspect");
        AssertPath(outputs, mount.Path, exists: true, kind: "directory", empty: false, hasData: true, entries: 1, mountpoint: true, filesystem: "tmpfs");
        Assert.Equal("messier-test", outputs["paths"]![mount.Path]!["source"]!.GetValue<string>());
        AssertPath(outputs, inside, exists: true, kind: "file", empty: false, hasData: true, entries: 0, mountpoint: false, filesystem: "tmpfs");
        AssertPath(outputs, throughAlias, exists: true, kind: "directory", empty: false, hasData: true, entries: 1, mountpoint: true, filesystem: "tmpfs");
    }

    [Fact]
    public async Task An_empty_mountpoint_is_empty_and_has_no_data()
    {
        File.Delete(Path.Combine(mount.Path, "on-tmpfs"));

        var result = await InspectAsync([mount.Path]);

        var outputs = result.StepOutputs("inspect");
        AssertPath(outputs, mount.Path, exists: true, kind: "directory", empty: true, hasData: false, entries: 0, mountpoint: true, filesystem: "tmpfs");
        Assert.Empty(outputs["withData"]!.AsArray());
    }

    [Fact]
    public async Task No_paths_is_done_with_empty_outputs_and_no_commands()
    {
        var result = await InspectAsync([]);

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], result.EventsOf("inspect"));
        Assert.Empty(result.StepOutputs("inspect")["paths"]!.AsObject());
        Assert.Empty(result.StepOutputs("inspect")["withData"]!.AsArray());
        Assert.Empty(result.Commands);
    }

    [Fact]
    public async Task A_relative_or_unnormal_path_is_refused_before_anything_runs()
    {
        var relative = await InspectAsync([At("full"), "full"]);
        var dotted = await InspectAsync([root + "/full/.."]);

        HarnessAssertions.FailedWithoutRetry(relative, "inspect");
        Assert.Contains("paths[1] must be an absolute path", relative.Run.Message, StringComparison.Ordinal);
        HarnessAssertions.FailedWithoutRetry(dotted, "inspect");
        Assert.Contains("must be a normal path", dotted.Run.Message, StringComparison.Ordinal);
        Assert.Empty(relative.Commands.Concat(dotted.Commands));
    }

    public async Task DisposeAsync()
    {
        await harness.DisposeAsync();
        mount.Dispose();
        Directory.Delete(root, recursive: true);
    }

    private Task<HarnessResult> InspectAsync(string[] paths) =>
        harness.RunActivityAsync(ActivityJson.Of(
            "InspectPaths",
            "inspect",
            ("paths", new JsonArray(paths.Select(p => (JsonNode)p).ToArray())),
            ("retry", new JsonObject { ["attempts"] = 3, ["delaySeconds"] = 0 })));

    private static void AssertPath(JsonObject outputs, string path, bool exists, string? kind, bool empty, bool hasData, long entries, bool mountpoint, string? filesystem)
    {
        var report = outputs["paths"]![path]!;
        var actual = $"exists={report["exists"]} kind={report["kind"]?.GetValue<string>() ?? "null"} empty={report["empty"]} hasData={report["hasData"]} entries={report["entries"]} mountpoint={report["mountpoint"]} filesystem={report["filesystem"]?.GetValue<string>() ?? "null"}";
        var expected = $"exists={(exists ? "true" : "false")} kind={kind ?? "null"} empty={(empty ? "true" : "false")} hasData={(hasData ? "true" : "false")} entries={entries} mountpoint={(mountpoint ? "true" : "false")} filesystem={filesystem ?? "null"}";
        Assert.True(expected == actual, $"{path}:\n expected {expected}\n actual   {actual}");
        Assert.Equal(exists, report["source"] is not null);
    }
}
