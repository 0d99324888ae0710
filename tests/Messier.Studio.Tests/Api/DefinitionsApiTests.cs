using Messier.Studio.Tests.Support;
using Messier.Testing;

namespace Messier.Studio.Tests.Api;

/// <summary>GET /api/definitions: the definition folders' files, each with its JSON and graph.</summary>
public sealed class DefinitionsApiTests : IAsyncLifetime
{
    private readonly StudioSandbox sandbox = new();
    private StudioProcess studio = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(sandbox.Definitions, "broken.json"), """{"name": "broken", "root": {"type": "NoSuchActivity"}}""");
        studio = await sandbox.StartStudioAsync();
    }

    public async Task DisposeAsync() => await sandbox.DisposeAsync();

    [Fact]
    public async Task Lists_the_test_folder_and_the_shipped_flows_with_validity()
    {
        var (status, body, _) = await studio.GetJsonAsync("api/definitions");

        Assert.Equal(200, status);
        var byName = body!.AsArray().GroupBy(d => d!["name"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.First()!);
        Assert.True(byName["approval-demo"]["valid"]!.GetValue<bool>());
        Assert.Equal("Runs a command, waits for an approval, then runs another.", byName["approval-demo"]["description"]!.GetValue<string>());
        Assert.True(byName["setup-host"]["valid"]!.GetValue<bool>());
        Assert.False(byName["broken"]["valid"]!.GetValue<bool>());
        Assert.Contains("NoSuchActivity", byName["broken"]["errors"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_definition_has_its_exact_json_and_a_graph_of_every_activity()
    {
        var (status, body, _) = await studio.GetJsonAsync("api/definitions/orig-restore");

        Assert.Equal(200, status);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Workflows, "orig-restore.json")), body!["json"]!.GetValue<string>());
        var nodes = body["graph"]!["nodes"]!.AsArray();
        Assert.Equal(body["activityCount"]!.GetValue<int>(), nodes.Count);
        var approve = nodes.Single(n => n!["id"]!.GetValue<string>() == "approve-keep");
        Assert.Equal("Approve", approve!["type"]!.GetValue<string>());

        // Switch cases are labelled with their case, If branches with then/else.
        Assert.Contains(nodes, n => n!["slot"]?.GetValue<string>() == "empty");
        Assert.Contains(nodes, n => n!["slot"]?.GetValue<string>() == "else");
    }

    [Fact]
    public async Task An_unknown_definition_is_a_404()
    {
        var (status, body, _) = await studio.GetJsonAsync("api/definitions/no-such-flow");

        Assert.Equal(404, status);
        Assert.Equal("No definition named 'no-such-flow' in the definition folders.", body!["detail"]!.GetValue<string>());
    }
}
