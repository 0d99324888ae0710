using System.Text.Json.Nodes;
using Messier.Host.Tests.Support;
using Messier.Workflows.Journal;

namespace Messier.Host.Tests.Files;

/// <summary>EnsureOwnership with names from the real passwd and group databases and with ids that have no entry.</summary>
public sealed class EnsureOwnershipTests : IAsyncLifetime
{
    private readonly string root = Directory.CreateTempSubdirectory("messier-owner-").FullName;
    private readonly StepHarness harness = new();

    private string Apps => Path.Combine(root, "apps");

    /// <summary>A file outside the tree that a symlink inside it points to.</summary>
    private string Outside => Path.Combine(root, "outside");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(Apps, "a", "b"));
        await File.WriteAllTextAsync(Path.Combine(Apps, "a", "b", "deep"), "deep");
        await File.WriteAllTextAsync(Path.Combine(Apps, "top"), "top");
        await File.WriteAllTextAsync(Outside, "not in the tree");
        File.CreateSymbolicLink(Path.Combine(Apps, "a", "escape"), Outside);
    }

    [Fact]
    public async Task Sets_a_named_owner_and_group_on_the_path_only_then_observes_it_done()
    {
        var first = await EnsureAsync(Apps, "nobody", "users");
        var second = await EnsureAsync(Apps, "nobody", "users");

        Assert.True(first.Status == InstanceStatus.Finished, first.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.Completed], first.EventsOf("own"));
        Assert.Equal("65534:100", Owner(Apps));
        Assert.Equal("0:0", Owner(Path.Combine(Apps, "top")));
        var outputs = first.StepOutputs("own");
        Assert.Equal(65534, outputs["uid"]!.GetValue<long>());
        Assert.Equal(100, outputs["gid"]!.GetValue<long>());
        Assert.True(outputs["changed"]!.GetValue<bool>());
        Assert.Contains(first.Commands, c => c.Argv.SequenceEqual(["getent", "passwd", "--", "nobody"]));
        Assert.Contains(first.Commands, c => c.Argv.SequenceEqual(["chown", "--no-dereference", "--", "65534:100", Apps]));
        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], second.EventsOf("own"));
        Assert.DoesNotContain(second.Commands, c => c.Argv[0] == "chown");
    }

    [Fact]
    public async Task Sets_numeric_ids_without_passwd_entries_recursively_without_following_symlinks()
    {
        Assert.NotEqual(0, Shell.Run("getent", "passwd", "4242").ExitCode);

        var first = await EnsureAsync(Apps, "4242", "4343", recursive: true);
        Shell.Must("chown", "0:0", Path.Combine(Apps, "a", "b", "deep"));
        var spoiled = await EnsureAsync(Apps, "4242", "4343", recursive: true);
        var done = await EnsureAsync(Apps, "4242", "4343", recursive: true);

        Assert.True(first.Status == InstanceStatus.Finished, first.ToString());
        foreach (var entry in new[] { ".", "top", "a", "a/b", "a/b/deep" })
        {
            Assert.Equal("4242:4343", Owner(Path.Combine(Apps, entry)));
        }

        Assert.Equal("4242:4343", Owner(Path.Combine(Apps, "a", "escape")));
        Assert.Equal("0:0", Owner(Outside));
        Assert.DoesNotContain(first.Commands, c => c.Argv[0] == "getent");

        // One file changed back deep in the tree is found and fixed; then all is done.
        Assert.Equal([JournalEvents.Started, JournalEvents.Completed], spoiled.EventsOf("own"));
        Assert.Equal("4242:4343", Owner(Path.Combine(Apps, "a", "b", "deep")));
        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], done.EventsOf("own"));
    }

    [Fact]
    public async Task Leaves_the_group_alone_when_none_is_given()
    {
        Shell.Must("chown", "0:4343", Apps);

        var result = await EnsureAsync(Apps, "4242", group: null);

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        Assert.Equal("4242:4343", Owner(Apps));
    }

    [Fact]
    public async Task A_user_or_group_that_does_not_exist_fails_naming_it_and_changes_nothing()
    {
        var user = await EnsureAsync(Apps, "messier-no-such-user", "users");
        var group = await EnsureAsync(Apps, "nobody", "messier-no-such-group");

        foreach (var (result, name) in new[] { (user, "user 'messier-no-such-user'"), (group, "group 'messier-no-such-group'") })
        {
            Assert.Equal(InstanceStatus.Faulted, result.Status);
            Assert.Contains($"the {name} does not exist", result.Run.Message, StringComparison.Ordinal);
            Assert.Equal([JournalEvents.Started, JournalEvents.AttemptFailed, JournalEvents.Faulted, JournalEvents.InstanceFaulted], result.EventsOf("own"));
            Assert.DoesNotContain(result.Commands, c => c.Argv[0] == "chown");
        }

        Assert.Equal("0:0", Owner(Apps));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(root, recursive: true);
        return harness.DisposeAsync().AsTask();
    }

    private Task<HarnessResult> EnsureAsync(string path, string owner, string? group, bool recursive = false)
    {
        var properties = new List<(string, JsonNode?)> { ("path", path), ("owner", owner), ("recursive", recursive), ("retry", new JsonObject { ["attempts"] = 3 }) };
        if (group is not null)
        {
            properties.Add(("group", group));
        }

        return harness.RunActivityAsync(ActivityJson.Of("EnsureOwnership", "own", [.. properties]));
    }

    private static string Owner(string path) => Shell.Must("stat", "-c", "%u:%g", path).Trim();
}
