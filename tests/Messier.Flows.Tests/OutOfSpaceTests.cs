using System.Text.Json.Nodes;
using Messier.Flows.Tests.Support;

namespace Messier.Flows.Tests;

/// <summary>
/// The dataset runs out of space during a copy (a quota here, a full pool on a host): the step
/// faults with rsync's own error, the source is intact, and `messier retry` after space is freed
/// finishes the flow from the failed step.
/// </summary>
public sealed class OutOfSpaceTests
{
    [Fact]
    public async Task A_copy_that_runs_out_of_space_faults_keeps_the_source_and_retry_finishes_after_space_is_freed()
    {
        using var host = new FlowHost();
        host.Zfs.CreatePool(host.PoolMountpoint);
        var data = host.PathOf("/var/lib/docker");
        var dataset = host.Pool + "/docker";
        Shell.Must("zfs", "create", "-o", "mountpoint=" + data, "-o", "quota=8M", dataset);
        var orig = data + ".orig";
        Directory.CreateDirectory(orig);
        File.WriteAllText(Path.Combine(orig, "small.txt"), "fits");
        Shell.Must("dd", "if=/dev/urandom", "of=" + Path.Combine(orig, "big.bin"), "bs=1M", "count=24", "status=none");
        var before = TreeManifest.Of(orig);

        var faulted = await host.RunAsync("orig-restore", new JsonObject { ["path"] = data, ["dataset"] = dataset });

        Assert.True(faulted.ExitCode == 1, faulted.ToString());
        Assert.Contains("quota exceeded", faulted.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("messier retry", faulted.StandardError, StringComparison.Ordinal);
        before.AssertSameAs(TreeManifest.Of(orig));
        var id = faulted.StdoutLines[0];
        Assert.Equal("faulted", (await host.Messier.ShowAsync(id))["status"]!.GetValue<string>());

        Shell.Must("zfs", "set", "quota=none", dataset);
        var retried = await host.Messier.RunAsync(["retry", id], timeout: TimeSpan.FromMinutes(5));

        Assert.True(retried.ExitCode == 0, retried.ToString());
        Assert.Equal("restored", (await host.Messier.ShowAsync(id))["outputs"]!["outcome"]!.GetValue<string>());
        before.AssertSameAs(TreeManifest.Of(data), wholeSecondMtimes: true);
        Assert.False(Directory.Exists(orig));
    }
}
