using Messier.Host.Tests.Support;
using Messier.Host.Zfs;
using Messier.Workflows.Journal;

namespace Messier.Host.Tests.Zfs;

/// <summary>ZfsPreflight against the real zfs-fuse's own property tables.</summary>
public sealed class ZfsPreflightTests : IAsyncLifetime
{
    private readonly StepHarness harness = new();

    public Task InitializeAsync()
    {
        ZfsFuse.EnsureRunning();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_seed_defaults_are_refused_on_zfs_fuse_with_every_problem_in_one_failure()
    {
        var result = await harness.RunActivityAsync($$$"""
            {"type":"ZfsPreflight","id":"preflight",{{{HarnessAssertions.ThreeAttempts}}},
             "poolProperties":{"ashift":"13","autotrim":"on"},
             "filesystemProperties":{"compression":"lz4","atime":"off"}}
            """);

        HarnessAssertions.FailedWithoutRetry(result, "preflight");
        var message = result.Run.Message!;
        Assert.Contains("2 problems", message, StringComparison.Ordinal);
        Assert.Contains("autotrim is not supported by this ZFS (zfs-fuse, pool version 23)", message, StringComparison.Ordinal);
        Assert.Contains("compression=lz4 is not supported by this ZFS (zfs-fuse, pool version 23): compression must be one of on | off | lzjb | gzip | gzip-[1-9] | zle", message, StringComparison.Ordinal);
        Assert.DoesNotContain("ashift", message, StringComparison.Ordinal);
        Assert.DoesNotContain("atime", message, StringComparison.Ordinal);
        Assert.Contains(result.Commands, c => c.Argv.SequenceEqual(["zpool", "get"]) && c.ExitCode == 2);
        Assert.Contains(result.Commands, c => c.Argv.SequenceEqual(["zfs", "get"]) && c.ExitCode == 2);
    }

    [Fact]
    public async Task The_zfs_fuse_compatible_set_is_accepted_with_what_this_zfs_is()
    {
        var result = await harness.RunActivityAsync("""
            {"type":"ZfsPreflight","id":"preflight",
             "poolProperties":{"ashift":"13"},
             "filesystemProperties":{"compression":"gzip","atime":"off"},
             "datasets":{"messier/docker":{"recordsize":"16K","com.sun:auto-snapshot":"true"},"messier/apps":{"compression":"gzip-9","dedup":"sha256,verify"}}}
            """);

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], result.EventsOf("preflight"));
        var outputs = result.StepOutputs("preflight");
        Assert.True(outputs["ok"]!.GetValue<bool>());
        Assert.Equal(7, outputs["checked"]!.GetValue<int>());
        Assert.Equal("zfs-fuse", outputs["zfs"]!["name"]!.GetValue<string>());
        Assert.Equal(23, outputs["zfs"]!["poolVersion"]!.GetValue<int>());
    }

    [Fact]
    public async Task Out_of_range_read_only_unknown_and_misnamed_entries_are_each_named()
    {
        var result = await harness.RunActivityAsync("""
            {"type":"ZfsPreflight","id":"preflight",
             "poolProperties":{"ashift":"14","size":"1G"},
             "filesystemProperties":{"copies":"4","used":"1"},
             "datasets":{"messier/-x":{"atime":"off"},"messier/ok":{"gzip":"on"}}}
            """);

        Assert.Equal(InstanceStatus.Faulted, result.Status);
        var message = result.Run.Message!;
        Assert.Contains("6 problems", message, StringComparison.Ordinal);
        Assert.Contains("pool property ashift=14 is not supported by this ZFS (zfs-fuse, pool version 23): ashift must be <ashift, 9-13, or 0=default>", message, StringComparison.Ordinal);
        Assert.Contains("pool property size is read-only", message, StringComparison.Ordinal);
        Assert.Contains("filesystem property copies=4 is not supported", message, StringComparison.Ordinal);
        Assert.Contains("filesystem property used is read-only", message, StringComparison.Ordinal);
        Assert.Contains("'messier/-x' is not a valid ZFS dataset name", message, StringComparison.Ordinal);
        Assert.Contains("filesystem property gzip is not supported by this ZFS (zfs-fuse, pool version 23) (for messier/ok)", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_is_never_needed_and_says_so()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new ZfsPreflightActivity().ApplyAsync(null!, CancellationToken.None));
        Assert.Contains("read-only", error.Message, StringComparison.Ordinal);
    }

    public async Task DisposeAsync() => await harness.DisposeAsync();
}
