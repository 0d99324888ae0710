using System.Text.Json.Nodes;
using Messier.Flows.Tests.Support;

namespace Messier.Flows.Tests;

/// <summary>
/// preseed-restore (seed 003, phase 5): data present, the dataset's latest snapshot, a restic
/// backup, or an empty directory; against a real zfs-fuse dataset and a real restic repository.
/// </summary>
public sealed class PreseedRestoreTests : IDisposable
{
    private readonly FlowHost host = new();

    public PreseedRestoreTests()
    {
        host.Zfs.CreatePool(host.PoolMountpoint);
    }

    private string Data => host.PathOf("/persist/sonarr");

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task Data_already_there_is_skipped()
    {
        WriteServiceData(Data);
        var before = TreeManifest.Of(Data);

        var result = await host.RunAsync("preseed-restore", new JsonObject { ["path"] = Data });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("skipped", FlowHost.OutputsOf(result)["outcome"]!.GetValue<string>());
        before.AssertSameAs(TreeManifest.Of(Data));
    }

    [Fact]
    public async Task An_emptied_dataset_comes_back_from_its_latest_snapshot()
    {
        var dataset = host.Pool + "/sonarr";
        Shell.Must("zfs", "create", "-o", "mountpoint=" + Data, dataset);
        WriteServiceData(Data);
        var before = TreeManifest.Of(Data);
        Shell.Must("zfs", "snapshot", dataset + "@nightly");
        foreach (var entry in Directory.EnumerateFileSystemEntries(Data))
        {
            Shell.Must("rm", "-rf", entry);
        }

        var result = await host.RunAsync("preseed-restore", new JsonObject { ["path"] = Data, ["dataset"] = dataset });

        Assert.True(result.ExitCode == 0, result.ToString());
        var outputs = FlowHost.OutputsOf(result);
        Assert.Equal("snapshot", outputs["outcome"]!.GetValue<string>());
        Assert.Equal(dataset + "@nightly", outputs["source"]!.GetValue<string>());
        before.AssertSameAs(TreeManifest.Of(Data));
    }

    [Fact]
    public async Task A_missing_directory_comes_back_from_restic()
    {
        var repository = new TestResticRepository(Directory.CreateDirectory(host.Zfs.PathOf("restic")).FullName);
        WriteServiceData(Data);
        var before = TreeManifest.Of(Data);
        var snapshot = repository.Backup(Data);
        Directory.Delete(Data, recursive: true);

        var result = await host.RunAsync("preseed-restore", new JsonObject
        {
            ["path"] = Data,
            ["resticRepository"] = repository.Location,
            ["resticPasswordFile"] = repository.PasswordFile,
        });

        Assert.True(result.ExitCode == 0, result.ToString());
        var outputs = FlowHost.OutputsOf(result);
        Assert.Equal("restic", outputs["outcome"]!.GetValue<string>());
        Assert.Equal(snapshot, outputs["source"]!.GetValue<string>());
        before.AssertSameAs(TreeManifest.Of(Data));
        Assert.DoesNotContain(repository.Password, result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_every_source_fails_an_empty_directory_is_made_with_a_warning_naming_each_failure()
    {
        var dataset = host.Pool + "/sonarr";
        Shell.Must("zfs", "create", "-o", "mountpoint=" + Data, dataset);
        var repository = new TestResticRepository(Directory.CreateDirectory(host.Zfs.PathOf("restic")).FullName);

        var result = await host.RunAsync("preseed-restore", new JsonObject
        {
            ["path"] = Data,
            ["dataset"] = dataset,
            ["resticRepository"] = repository.Location,
            ["resticPasswordFile"] = repository.PasswordFile,
            ["owner"] = "nobody",
            ["group"] = "nogroup",
            ["mode"] = "0750",
        });

        Assert.True(result.ExitCode == 0, result.ToString());
        var outputs = FlowHost.OutputsOf(result);
        Assert.Equal("empty", outputs["outcome"]!.GetValue<string>());
        Assert.Equal(["snapshot", "restic"], outputs["failures"]!.AsArray().Select(f => f!["source"]!.GetValue<string>()));
        var printed = result.StandardOutput + result.StandardError;
        Assert.Contains("has no snapshot", printed, StringComparison.Ordinal);
        Assert.Contains("the service will start with an empty data directory", printed, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Data));
        Assert.Equal("nobody:nogroup 750", Shell.Must("stat", "-c", "%U:%G %a", Data).Trim());
    }

    [Fact]
    public async Task A_dry_run_restores_nothing()
    {
        var result = await host.RunAsync("preseed-restore", new JsonObject { ["path"] = Data }, "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("empty-directory", result.StandardOutput, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Data));
    }

    private static void WriteServiceData(string root)
    {
        Directory.CreateDirectory(Path.Combine(root, "db"));
        File.WriteAllText(Path.Combine(root, "db", "sonarr.db"), "series");
        File.WriteAllText(Path.Combine(root, "config.xml"), "<Config/>");
        File.CreateSymbolicLink(Path.Combine(root, "current"), "db");
    }
}
