using System.Text.Json.Nodes;
using Messier.Host.Tests.Support;
using Messier.Workflows.Journal;

namespace Messier.Host.Tests.Accounts;

/// <summary>CheckAccounts against the host's real passwd and group databases.</summary>
public sealed class CheckAccountsTests : IAsyncLifetime
{
    private readonly StepHarness harness = new();

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Resolves_names_and_takes_numbers_as_they_are_without_changing_anything()
    {
        Assert.NotEqual(0, Shell.Run("getent", "passwd", "4242").ExitCode);

        var result = await CheckAsync(["root", "nobody", "4242"], ["users", "4343"]);

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], result.EventsOf("check"));
        var outputs = result.StepOutputs("check");
        Assert.Equal(0, outputs["users"]!["root"]!.GetValue<long>());
        Assert.Equal(65534, outputs["users"]!["nobody"]!.GetValue<long>());
        Assert.Equal(4242, outputs["users"]!["4242"]!.GetValue<long>());
        Assert.Equal(100, outputs["groups"]!["users"]!.GetValue<long>());
        Assert.Equal(4343, outputs["groups"]!["4343"]!.GetValue<long>());
        Assert.Equal(3, outputs["users"]!.AsObject().Count);
        Assert.Contains(result.Commands, c => c.Argv.SequenceEqual(["getent", "passwd", "--", "nobody"]));
        Assert.Contains(result.Commands, c => c.Argv.SequenceEqual(["getent", "group", "--", "users"]));
        Assert.DoesNotContain(result.Commands, c => c.Argv.Contains("4242"));
    }

    [Fact]
    public async Task Nothing_to_check_is_done_with_empty_outputs()
    {
        var result = await harness.RunActivityAsync(ActivityJson.Of("CheckAccounts", "check"));

        Assert.True(result.Status == InstanceStatus.Finished, result.ToString());
        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], result.EventsOf("check"));
        Assert.Empty(result.StepOutputs("check")["users"]!.AsObject());
        Assert.Empty(result.StepOutputs("check")["groups"]!.AsObject());
        Assert.Empty(result.Commands);
    }

    [Fact]
    public async Task Every_unknown_user_and_group_is_listed_at_once_and_not_retried()
    {
        var result = await CheckAsync(["root", "messier-no-such-user", "messier-nor-this-one", "bad:name"], ["users", "messier-no-such-group"]);

        HarnessAssertions.FailedWithoutRetry(result, "check");
        var message = result.Run.Message!;
        Assert.Contains("4 accounts do not exist on this host", message, StringComparison.Ordinal);
        Assert.Contains("user 'messier-no-such-user'", message, StringComparison.Ordinal);
        Assert.Contains("user 'messier-nor-this-one'", message, StringComparison.Ordinal);
        Assert.Contains("user 'bad:name'", message, StringComparison.Ordinal);
        Assert.Contains("group 'messier-no-such-group'", message, StringComparison.Ordinal);
        Assert.DoesNotContain("'root'", message, StringComparison.Ordinal);
        Assert.DoesNotContain("'users'", message, StringComparison.Ordinal);
    }

    public Task DisposeAsync() => harness.DisposeAsync().AsTask();

    private Task<HarnessResult> CheckAsync(string[] users, string[] groups) =>
        harness.RunActivityAsync(ActivityJson.Of(
            "CheckAccounts",
            "check",
            ("users", new JsonArray(users.Select(u => (JsonNode)u).ToArray())),
            ("groups", new JsonArray(groups.Select(g => (JsonNode)g).ToArray())),
            ("retry", new JsonObject { ["attempts"] = 3, ["delaySeconds"] = 0 })));
}
