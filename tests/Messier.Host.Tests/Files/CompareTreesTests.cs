using System.Text.Json.Nodes;
using Messier.Host.Tests.Support;
using Messier.Workflows.Journal;

namespace Messier.Host.Tests.Files;

/// <summary>
/// CompareTrees on copies made by cp -a: a difference is an answer in the outputs, not a failure,
/// and only a side that is missing or not a directory fails the step.
/// </summary>
public sealed class CompareTreesTests : IAsyncLifetime
{
    private readonly string root = Directory.CreateTempSubdirectory("messier-compare-").FullName;
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
    public async Task Identical_trees_are_reported_identical_with_the_entries_checked()
    {
        var result = await CompareAsync();

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], result.EventsOf("compare"));
        var outputs = result.StepOutputs("compare");
        Assert.True(outputs["identical"]!.GetValue<bool>());
        Assert.Equal(0, outputs["differenceCount"]!.GetValue<long>());
        Assert.Empty(outputs["differences"]!.AsArray());
        Assert.Equal("identical", outputs["summary"]!.GetValue<string>());
        Assert.Equal(TreeManifest.Of(Source).Entries.Count, outputs["checked"]!.GetValue<long>());
        Assert.All(result.Commands, c => Assert.Contains("--dry-run", c.Argv));
    }

    [Fact]
    public async Task Differences_are_reported_without_failing_and_nothing_is_changed()
    {
        var file = Path.Combine(Target, "sub", "deeper", "file");
        var stamp = File.GetLastWriteTimeUtc(file);
        await File.WriteAllTextAsync(file, "Deep\n");
        File.SetLastWriteTimeUtc(file, stamp);
        await File.WriteAllTextAsync(Path.Combine(Target, "stray"), "not in the source");
        Shell.Must("touch", "-r", Path.Combine(Source, "."), Path.Combine(Target, "."));
        var source = TreeManifest.Of(Source);
        var target = TreeManifest.Of(Target);

        var result = await CompareAsync();

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], result.EventsOf("compare"));
        var outputs = result.StepOutputs("compare");
        Assert.False(outputs["identical"]!.GetValue<bool>());
        Assert.Equal(2, outputs["differenceCount"]!.GetValue<long>());
        var differences = outputs["differences"]!.AsArray().Select(d => d!.GetValue<string>()).ToList();
        Assert.Contains(differences, d => d.StartsWith("sub/deeper/file: differs in content", StringComparison.Ordinal));
        Assert.Contains(differences, d => d.StartsWith("stray: only in the target", StringComparison.Ordinal));
        Assert.Equal(string.Join("; ", differences), outputs["summary"]!.GetValue<string>());
        source.AssertSameAs(TreeManifest.Of(Source));
        target.AssertSameAs(TreeManifest.Of(Target));
    }

    [Fact]
    public async Task Lists_the_first_twenty_differences_and_counts_the_rest()
    {
        for (var i = 0; i < 25; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(Target, $"stray-{i:00}"), "extra");
        }

        Shell.Must("touch", "-r", Path.Combine(Source, "."), Path.Combine(Target, "."));

        var result = await CompareAsync();

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        var outputs = result.StepOutputs("compare");
        Assert.Equal(25, outputs["differenceCount"]!.GetValue<long>());
        Assert.Equal(20, outputs["differences"]!.AsArray().Count);
        Assert.EndsWith("; and 5 more", outputs["summary"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Xattrs_count_unless_ignored()
    {
        Shell.Must("setfattr", "-n", "user.color", "-v", "red", Path.Combine(Target, "plain.txt"));

        var strict = await CompareAsync();
        var lenient = await CompareAsync(ignoreXattrsAndAcls: true);

        Assert.False(strict.StepOutputs("compare")["identical"]!.GetValue<bool>());
        Assert.Contains("plain.txt: differs in xattrs", strict.StepOutputs("compare")["summary"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(lenient.StepOutputs("compare")["identical"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_missing_side_or_one_that_is_not_a_directory_fails_without_retry()
    {
        var link = Path.Combine(root, "link");
        File.CreateSymbolicLink(link, Target);

        var missing = await CompareAsync(target: Path.Combine(root, "nothing"));
        var file = await CompareAsync(source: Path.Combine(Source, "plain.txt"));
        var symlink = await CompareAsync(target: link);

        HarnessAssertions.FailedWithoutRetry(missing, "compare");
        Assert.Contains($"the target {Path.Combine(root, "nothing")} does not exist", missing.Run.Message, StringComparison.Ordinal);
        HarnessAssertions.FailedWithoutRetry(file, "compare");
        Assert.Contains($"the source {Path.Combine(Source, "plain.txt")} is not a directory", file.Run.Message, StringComparison.Ordinal);
        HarnessAssertions.FailedWithoutRetry(symlink, "compare");
        Assert.Contains("is not a directory (a symlink", symlink.Run.Message, StringComparison.Ordinal);
        Assert.Empty(missing.Commands.Concat(file.Commands).Concat(symlink.Commands));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(root, recursive: true);
        return harness.DisposeAsync().AsTask();
    }

    private Task<HarnessResult> CompareAsync(string? source = null, string? target = null, bool ignoreXattrsAndAcls = false) =>
        harness.RunActivityAsync(ActivityJson.Of(
            "CompareTrees",
            "compare",
            ("source", source ?? Source),
            ("target", target ?? Target),
            ("ignoreXattrsAndAcls", ignoreXattrsAndAcls),
            ("retry", new JsonObject { ["attempts"] = 3, ["delaySeconds"] = 0 })));
}
