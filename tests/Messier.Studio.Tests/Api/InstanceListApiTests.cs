using System.Text.Json.Nodes;
using Messier.Studio.Tests.Support;

namespace Messier.Studio.Tests.Api;

/// <summary>GET /api/instances over instances made by the real messier run: filters, search, paging, counts.</summary>
public sealed class InstanceListApiTests : IAsyncLifetime
{
    private readonly StudioSandbox sandbox = new();
    private StudioProcess studio = null!;
    private string suspended = null!;
    private string faulted = null!;
    private readonly List<string> finished = [];

    public async Task InitializeAsync()
    {
        finished.Add(await sandbox.RunAsync("quick", 0));
        finished.Add(await sandbox.RunAsync("quick", 0));
        faulted = await sandbox.RunAsync("needs-file", 1, $"file={sandbox.Sandbox.PathOf("absent")}");
        suspended = await sandbox.RunAsync("approval-demo", 3);
        studio = await sandbox.StartStudioAsync();
    }

    public async Task DisposeAsync() => await sandbox.DisposeAsync();

    [Fact]
    public async Task Lists_newest_first_with_counts_per_status()
    {
        var (status, body, _) = await studio.GetJsonAsync("api/instances");

        Assert.Equal(200, status);
        var ids = body!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
        Assert.Equal([suspended, faulted, finished[1], finished[0]], ids);
        var counts = body["counts"]!;
        Assert.Equal(4, counts["all"]!.GetValue<int>());
        Assert.Equal(2, counts["finished"]!.GetValue<int>());
        Assert.Equal(1, counts["faulted"]!.GetValue<int>());
        Assert.Equal(1, counts["suspended"]!.GetValue<int>());
        Assert.Equal(0, counts["running"]!.GetValue<int>());
        Assert.False(body["hasMore"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Filters_by_status_definition_and_id_prefix()
    {
        var (_, byStatus, _) = await studio.GetJsonAsync("api/instances?status=faulted&status=suspended");
        Assert.Equal([suspended, faulted], Ids(byStatus!));

        var (_, byDefinition, _) = await studio.GetJsonAsync("api/instances?definition=quick");
        Assert.Equal([finished[1], finished[0]], Ids(byDefinition!));
        Assert.All(byDefinition!["items"]!.AsArray(), i => Assert.Equal("finished", i!["status"]!.GetValue<string>()));

        var (_, byId, _) = await studio.GetJsonAsync($"api/instances?id={suspended[..5]}");
        Assert.Contains(suspended, Ids(byId!));
        Assert.All(Ids(byId!), id => Assert.StartsWith(suspended[..5], id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pages_with_skip_and_take()
    {
        var (_, first, _) = await studio.GetJsonAsync("api/instances?take=3");
        var (_, second, _) = await studio.GetJsonAsync("api/instances?take=3&skip=3");

        Assert.Equal([suspended, faulted, finished[1]], Ids(first!));
        Assert.True(first!["hasMore"]!.GetValue<bool>());
        Assert.Equal([finished[0]], Ids(second!));
        Assert.False(second!["hasMore"]!.GetValue<bool>());
    }

    [Fact]
    public async Task An_unknown_status_is_a_400_problem_naming_the_known_ones()
    {
        var (status, body, response) = await studio.GetJsonAsync("api/instances?status=sleeping");

        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Unknown status 'sleeping'", body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("suspended", body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static List<string> Ids(JsonNode body) => body["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
}
