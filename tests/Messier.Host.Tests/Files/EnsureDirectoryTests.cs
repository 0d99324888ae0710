using System.Text.Json.Nodes;
using Messier.Host.Tests.Support;
using Messier.Workflows.Journal;

namespace Messier.Host.Tests.Files;

/// <summary>EnsureDirectory on a real filesystem with ids from the real passwd and group databases and ids without entries.</summary>
public sealed class EnsureDirectoryTests : IAsyncLifetime
{
    private readonly string root = Directory.CreateTempSubdirectory("messier-ensure-dir-").FullName;
    private readonly StepHarness harness = new();

    private string At(string relative) => Path.Combine(root, relative);

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Creates_the_directory_and_its_parents_setting_owner_group_and_mode_on_it_only_then_observes_it_done()
    {
        var path = At("srv/apps/data");

        var first = await EnsureAsync(path, "4242", "4343", "0750");
        var second = await EnsureAsync(path, "4242", "4343", "0750");

        Assert.True(first.Status == InstanceStatus.Finished, first.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.Completed], first.EventsOf("dir"));
        Assert.True(Directory.Exists(path));
        Assert.Equal("4242:4343:750", Stat(path));
        Assert.StartsWith("0:0:", Stat(At("srv/apps")), StringComparison.Ordinal);
        Assert.Equal(path, first.StepOutputs("dir")["path"]!.GetValue<string>());
        Assert.True(first.StepOutputs("dir")["created"]!.GetValue<bool>());
        Assert.Contains(first.Commands, c => c.Argv.SequenceEqual(["mkdir", "-p", "--", path]));
        Assert.Contains(first.Commands, c => c.Argv.SequenceEqual(["chown", "--no-dereference", "--", "4242:4343", path]));
        Assert.Contains(first.Commands, c => c.Argv.SequenceEqual(["chmod", "00750", "--", path]));

        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], second.EventsOf("dir"));
        Assert.False(second.StepOutputs("dir")["created"]!.GetValue<bool>());
        Assert.DoesNotContain(second.Commands, c => c.Argv[0] is "mkdir" or "chown" or "chmod");
    }

    [Fact]
    public async Task Corrects_only_what_differs_on_an_existing_directory_and_keeps_its_contents()
    {
        var path = At("existing");
        Directory.CreateDirectory(path);
        await File.WriteAllTextAsync(Path.Combine(path, "keep"), "data");
        Shell.Must("chown", "65534:0", path);
        Shell.Must("chmod", "2770", path);

        var result = await EnsureAsync(path, "nobody", "users", "0755");

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.Completed], result.EventsOf("dir"));

        // The setgid bit goes too: "0755" means 0755, not "0755 plus what was there".
        Assert.Equal("65534:100:755", Stat(path));
        Assert.Equal("data", await File.ReadAllTextAsync(Path.Combine(path, "keep")));
        Assert.Equal("0:0", Stat(Path.Combine(path, "keep"))[..3]);
        Assert.False(result.StepOutputs("dir")["created"]!.GetValue<bool>());
        Assert.DoesNotContain(result.Commands, c => c.Argv[0] == "mkdir");
        Assert.Contains(result.Commands, c => c.Argv.SequenceEqual(["chown", "--no-dereference", "--", "65534:100", path]));
    }

    [Fact]
    public async Task Without_owner_group_or_mode_an_existing_directory_is_done_as_it_is()
    {
        var path = At("plain");
        Directory.CreateDirectory(path);
        Shell.Must("chown", "4242:4343", path);
        Shell.Must("chmod", "0700", path);

        var result = await harness.RunActivityAsync(ActivityJson.Of("EnsureDirectory", "dir", ("path", path)));

        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], result.EventsOf("dir"));
        Assert.Equal("4242:4343:700", Stat(path));
    }

    [Fact]
    public async Task A_file_or_a_symlink_in_its_place_fails_naming_it_and_is_left_alone()
    {
        var file = At("file");
        await File.WriteAllTextAsync(file, "not a directory");
        Directory.CreateDirectory(At("real"));
        var link = At("link");
        File.CreateSymbolicLink(link, At("real"));

        var onFile = await EnsureAsync(file, "4242", null, "0700");
        var onLink = await EnsureAsync(link, "4242", null, "0700");

        HarnessAssertions.FailedWithoutRetry(onFile, "dir");
        Assert.Contains($"{file} is a file, not a directory", onFile.Run.Message, StringComparison.Ordinal);
        HarnessAssertions.FailedWithoutRetry(onLink, "dir");
        Assert.Contains($"{link} is a symlink (to {At("real")})", onLink.Run.Message, StringComparison.Ordinal);
        Assert.Equal("not a directory", await File.ReadAllTextAsync(file));
        Assert.Equal(At("real"), new FileInfo(link).LinkTarget);
        Assert.StartsWith("0:0:", Stat(At("real")), StringComparison.Ordinal);
        Assert.DoesNotContain(onFile.Commands.Concat(onLink.Commands), c => c.Argv[0] is "mkdir" or "chown" or "chmod");
    }

    [Theory]
    [InlineData("messier-no-such-user", null, null, "the user 'messier-no-such-user' does not exist")]
    [InlineData(null, "messier-no-such-group", null, "the group 'messier-no-such-group' does not exist")]
    [InlineData(null, null, "rwxr-x---", "is not an octal mode")]
    [InlineData(null, null, "0789", "is not an octal mode")]
    [InlineData(null, null, "17777", "is not an octal mode")]
    public async Task A_bad_owner_group_or_mode_fails_before_anything_is_created(string? owner, string? group, string? mode, string expected)
    {
        var path = At("never");

        var result = await EnsureAsync(path, owner, group, mode);

        HarnessAssertions.FailedWithoutRetry(result, "dir");
        Assert.Contains(expected, result.Run.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(path));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(root, recursive: true);
        return harness.DisposeAsync().AsTask();
    }

    private Task<HarnessResult> EnsureAsync(string path, string? owner, string? group, string? mode)
    {
        var properties = new List<(string, JsonNode?)> { ("path", path), ("retry", new JsonObject { ["attempts"] = 3, ["delaySeconds"] = 0 }) };
        foreach (var (name, value) in new[] { ("owner", owner), ("group", group), ("mode", mode) })
        {
            if (value is not null)
            {
                properties.Add((name, value));
            }
        }

        return harness.RunActivityAsync(ActivityJson.Of("EnsureDirectory", "dir", [.. properties]));
    }

    private static string Stat(string path) => Shell.Must("stat", "-c", "%u:%g:%a", path).Trim();
}
