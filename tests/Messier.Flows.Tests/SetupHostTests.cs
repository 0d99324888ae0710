using System.Text.Json.Nodes;
using Messier.Flows.Tests.Support;

namespace Messier.Flows.Tests;

/// <summary>
/// setup-host, the seed's decision tree, end to end: the real messier binary, a real zfs-fuse pool
/// on two file drives, and, where Docker's state is the subject, a real dockerd and containerd.
/// </summary>
public sealed class SetupHostTests
{
    [Fact]
    public async Task Fresh_install_moves_Docker_and_containerd_state_onto_new_datasets_and_a_second_run_changes_nothing()
    {
        using var host = new FlowHost(docker: true);
        var docker = host.Docker!;
        docker.Populate();
        var listingBefore = docker.Listing();
        File.WriteAllText(host.PathOf("/var/lib/containerd/marker"), "containerd state");
        var input = host.SetupInput();

        var first = await host.RunAsync("setup-host", input);

        Assert.True(first.ExitCode == 0, first.ToString());
        var outputs = FlowHost.OutputsOf(first);
        Assert.Equal("fresh-install", outputs["path"]!.GetValue<string>());

        // The pool and the seed's six datasets, where they belong, with the pool's properties inherited.
        Assert.Equal(host.SeedDatasets.Order(StringComparer.Ordinal), host.Datasets().Order(StringComparer.Ordinal));
        Assert.Equal(host.PathOf("/var/lib/docker"), host.Property("docker", "mountpoint"));
        Assert.Equal(host.PathOf("/var/lib/containerd"), host.Property("containerd", "mountpoint"));
        Assert.Equal(host.PathOf("/opt/docker"), host.Property("docker/compose", "mountpoint"));
        Assert.Equal(host.PoolMountpoint + "/apps", host.Property("apps", "mountpoint"));
        Assert.All(host.SeedDatasets, d => Assert.Equal("yes", host.Property(d, "mounted")));
        Assert.All(host.SeedDatasets, d => Assert.Equal("gzip", host.Property(d, "compression")));
        Assert.All(host.SeedDatasets, d => Assert.Equal("off", host.Property(d, "atime")));

        // Docker's and containerd's data now live in the datasets, and Docker lists what it did before.
        Assert.Equal(listingBefore, docker.Listing());
        Assert.True(docker.IsActive);
        Assert.Equal("containerd state", File.ReadAllText(host.PathOf("/var/lib/containerd/marker")));
        Assert.Contains(host.PathOf("/var/lib/docker"), Shell.Must("findmnt", "-n", "-o", "TARGET", "--target", host.PathOf("/var/lib/docker/volumes")));
        Assert.False(Directory.Exists(host.PathOf("/var/lib/docker.orig")));
        Assert.False(Directory.Exists(host.PathOf("/var/lib/containerd.orig")));

        // The network, as the seed configures it.
        var network = docker.Docker("network", "inspect", "virgo", "--format", "{{.Driver}} {{(index .IPAM.Config 0).Subnet}} {{(index .IPAM.Config 0).IPRange}} {{(index .IPAM.Config 0).Gateway}}").Trim();
        Assert.Equal("bridge 172.30.0.0/16 172.30.10.0/24 172.30.0.1", network);

        // Ownership.
        Assert.Equal("nobody:nogroup", Shell.Must("stat", "-c", "%U:%G", host.PathOf("/downloads")).Trim());
        Assert.Equal("nobody:nogroup", Shell.Must("stat", "-c", "%U:%G", host.PoolMountpoint + "/apps").Trim());

        // The journal: each dataset went through directory-to-dataset and orig-restore as a child instance.
        var instances = await host.Messier.ListAsync();
        Assert.Equal(6, instances.Count(i => i!["definition"]!.GetValue<string>() == "directory-to-dataset" && i["status"]!.GetValue<string>() == "finished"));
        Assert.Equal(6, instances.Count(i => i!["definition"]!.GetValue<string>() == "orig-restore" && i["status"]!.GetValue<string>() == "finished"));
        var conversions = outputs["datasets"]!.AsArray();
        Assert.Equal(["converted", "converted", "created", "created", "created", "created"], conversions.Select(c => c!["conversion"]!.GetValue<string>()));

        // Run again: the pool is imported and everything is in place, so nothing is stopped or moved.
        var daemonPid = File.ReadAllText(Path.Combine(docker.StateDirectory, "dockerd.pid")).Trim();
        var second = await host.RunAsync("setup-host", input);

        Assert.True(second.ExitCode == 0, second.ToString());
        var again = FlowHost.OutputsOf(second);
        Assert.Equal("pool-imported", again["path"]!.GetValue<string>());
        Assert.Empty(again["datasets"]!.AsArray());
        Assert.Equal(daemonPid, File.ReadAllText(Path.Combine(docker.StateDirectory, "dockerd.pid")).Trim());
        Assert.Equal(listingBefore, docker.Listing());
    }

    [Fact]
    public async Task Fewer_drives_than_a_mirror_needs_aborts_before_anything_is_made()
    {
        using var host = new FlowHost();
        var input = host.SetupInput();
        input["devices"] = new JsonArray(host.Zfs.Drives[0]);

        var result = await host.RunAsync("setup-host", input);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("Found 1 drive(s); a mirror needs at least 2", result.StandardError, StringComparison.Ordinal);
        Assert.False(host.Zfs.PoolImported);
        Assert.Equal(192L * 1024 * 1024, new FileInfo(host.Zfs.Drives[0]).Length);
        Assert.Equal("\0\0\0\0", File.ReadAllText(host.Zfs.Drives[0])[..4]);
    }

    [Fact]
    public async Task Without_devices_and_without_free_drives_of_one_size_it_aborts_saying_so_before_anything_is_made()
    {
        using var host = new FlowHost();
        var input = host.SetupInput();
        input["devices"] = null;
        input["transport"] = "messier-test-none";
        input["minimumDrives"] = 0;

        var result = await host.RunAsync("setup-host", input);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("A mirror needs 2 free drives of one size; of the 0 messier-test-none drive(s) found, the free ones are none. Name the drives to use with devices. Nothing was changed.", result.StandardError, StringComparison.Ordinal);
        Assert.False(host.Zfs.PoolImported);
        Assert.All(host.Zfs.Drives, d => Assert.Equal("\0\0\0\0", File.ReadAllText(d)[..4]));
    }

    [Fact]
    public async Task A_property_this_ZFS_lacks_is_refused_before_any_drive_is_touched()
    {
        using var host = new FlowHost();
        var input = host.SetupInput();
        input["filesystemProperties"] = new JsonObject { ["compression"] = "lz4", ["atime"] = "off" };

        var result = await host.RunAsync("setup-host", input);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("lz4", result.StandardError, StringComparison.Ordinal);
        Assert.False(host.Zfs.PoolImported);
        Assert.All(host.Zfs.Drives, d => Assert.Equal("\0\0\0\0", File.ReadAllText(d)[..4]));
    }

    [Fact]
    public async Task When_only_other_pools_can_be_imported_it_aborts_naming_them_and_leaves_them_alone()
    {
        using var host = new FlowHost();
        host.Zfs.CreatePool();
        Shell.Must("zpool", "export", host.Pool);
        var input = host.SetupInput();
        input["pool"] = host.Pool + "x";

        var result = await host.RunAsync("setup-host", input);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"other pools are: {host.Pool}", result.StandardError, StringComparison.Ordinal);
        Assert.False(host.Zfs.PoolImported);
        Assert.Contains(host.Pool, Shell.Must("zpool", "import", "-d", host.Zfs.DriveDirectory));
    }

    [Fact]
    public async Task An_exported_pool_is_imported_and_local_data_in_an_empty_dataset_moves_in()
    {
        using var host = new FlowHost();
        var input = host.SetupInput();
        var made = await host.RunAsync("setup-host", input);
        Assert.True(made.ExitCode == 0, made.ToString());
        File.WriteAllText(host.PathOf("/downloads/kept.txt"), "in the pool");
        PoolExport.Export(host.Pool);
        Assert.False(host.Zfs.PoolImported);

        // While the pool was away, something wrote into an (empty) dataset's mountpoint.
        Directory.CreateDirectory(host.PathOf("/time_machines/mac"));
        File.WriteAllText(host.PathOf("/time_machines/mac/backup.img"), "local while exported");
        var local = TreeManifest.Of(host.PathOf("/time_machines"));

        var result = await host.RunAsync("setup-host", input);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("import-pool", FlowHost.OutputsOf(result)["path"]!.GetValue<string>());
        Assert.True(host.Zfs.PoolImported);
        Assert.Equal("in the pool", File.ReadAllText(host.PathOf("/downloads/kept.txt")));
        Assert.Equal("yes", host.Property("time_machines", "mounted"));
        local.AssertSameAs(TreeManifest.Of(host.PathOf("/time_machines")), wholeSecondMtimes: true);
        Assert.False(Directory.Exists(host.PathOf("/time_machines.orig")));
        Assert.True(host.ServiceRunning);
    }

    [Fact]
    public async Task On_an_imported_pool_without_datasets_the_directories_become_datasets()
    {
        using var host = new FlowHost();
        host.Zfs.CreatePool(host.PoolMountpoint);
        var docker = host.PathOf("/var/lib/docker");
        Directory.CreateDirectory(Path.Combine(docker, "volumes", "db", "_data"));
        File.WriteAllText(Path.Combine(docker, "volumes", "db", "_data", "rows"), "1\n2\n3\n");
        File.WriteAllText(Path.Combine(docker, ".hidden"), "dotfile");
        File.CreateSymbolicLink(Path.Combine(docker, "link"), "volumes/db");
        var before = TreeManifest.Of(docker);

        var result = await host.RunAsync("setup-host", host.SetupInput());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("pool-imported", FlowHost.OutputsOf(result)["path"]!.GetValue<string>());
        Assert.Equal(host.SeedDatasets.Order(StringComparer.Ordinal), host.Datasets().Order(StringComparer.Ordinal));
        before.AssertSameAs(TreeManifest.Of(docker), wholeSecondMtimes: true);
        Assert.Equal(docker, Shell.Must("findmnt", "-n", "-o", "TARGET", "--target", docker).Trim());
        Assert.False(Directory.Exists(docker + ".orig"));
        Assert.True(host.ServiceRunning);
    }

    [Fact]
    public async Task A_dry_run_prints_the_plan_and_changes_nothing()
    {
        using var host = new FlowHost();

        var result = await host.RunAsync("setup-host", host.SetupInput(), "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("would create pool " + host.Pool, result.StandardOutput, StringComparison.Ordinal);
        Assert.False(host.Zfs.PoolImported);
        Assert.All(host.Zfs.Drives, d => Assert.Equal("\0\0\0\0", File.ReadAllText(d)[..4]));
        Assert.Empty(await host.Messier.ListAsync());
    }
}
