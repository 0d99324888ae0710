using System.Text.Json.Nodes;
using Messier.Flows.Tests.Support;

namespace Messier.Flows.Tests;

/// <summary>
/// Every built-in flow has a dry run that prints its plan, down into the flows it calls, and
/// changes nothing: no pool, dataset, file or journal row appears. (setup-host's fresh-install
/// path, orig-restore, directory-to-dataset and preseed-restore have theirs beside their other tests.)
/// </summary>
public sealed class DryRunTests
{
    [Fact]
    public async Task Import_pool_plans_the_move_aside_and_the_import_of_an_exported_pool_and_does_neither()
    {
        using var host = new FlowHost();
        var input = host.SetupInput();
        var made = await host.RunAsync("setup-host", input);
        Assert.True(made.ExitCode == 0, made.ToString());
        PoolExport.Export(host.Pool);
        Directory.CreateDirectory(host.PathOf("/downloads/new"));
        var journalBefore = await host.Messier.ListAsync();

        var result = await host.RunAsync("setup-host", input, "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Running import-pool", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("move-aside", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("would rename " + host.PathOf("/downloads"), result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("import", result.StandardOutput, StringComparison.Ordinal);
        Assert.False(host.Zfs.PoolImported);
        Assert.True(Directory.Exists(host.PathOf("/downloads/new")));
        Assert.False(Directory.Exists(host.PathOf("/downloads.orig")));
        Assert.Equal(journalBefore.Count, (await host.Messier.ListAsync()).Count);
    }

    [Fact]
    public async Task Pool_imported_plans_converting_a_directory_into_its_missing_dataset_and_converts_nothing()
    {
        using var host = new FlowHost();
        host.Zfs.CreatePool(host.PoolMountpoint);
        Directory.CreateDirectory(host.PathOf("/opt/docker/stack"));
        File.WriteAllText(host.PathOf("/opt/docker/stack/compose.yml"), "services: {}\n");

        var result = await host.RunAsync("pool-imported", host.SetupInput(), "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Running directory-to-dataset", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("would rename " + host.PathOf("/opt/docker"), result.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(host.Datasets());
        Assert.Equal("services: {}\n", File.ReadAllText(host.PathOf("/opt/docker/stack/compose.yml")));
        Assert.True(host.ServiceRunning);
        Assert.Empty(await host.Messier.ListAsync());
    }

    [Fact]
    public async Task Directories_to_datasets_plans_each_service_and_creates_no_dataset()
    {
        using var host = new FlowHost();
        host.Zfs.CreatePool(host.PoolMountpoint);
        Shell.Must("zfs", "create", "-o", "mountpoint=" + host.PathOf("/srv-datasets"), host.Pool + "/srv");
        var paths = new[] { "alpha", "beta" }.Select(n => host.PathOf("/srv/" + n)).ToArray();
        foreach (var path in paths)
        {
            Directory.CreateDirectory(path);
            File.WriteAllText(Path.Combine(path, "data"), "x");
        }

        var result = await host.RunAsync(
            "directories-to-datasets",
            new JsonObject { ["parentDataset"] = host.Pool + "/srv", ["paths"] = new JsonArray([.. paths.Select(p => (JsonNode)p)]) },
            "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.All(paths, p => Assert.Contains("would rename " + p, result.StandardOutput, StringComparison.Ordinal));
        Assert.Equal(["srv"], host.Datasets());
        Assert.All(paths, p => Assert.Equal("x", File.ReadAllText(Path.Combine(p, "data"))));
        Assert.Empty(await host.Messier.ListAsync());
    }
}
