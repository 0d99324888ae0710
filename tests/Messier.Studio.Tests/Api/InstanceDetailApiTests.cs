using Messier.Studio.Tests.Support;

namespace Messier.Studio.Tests.Api;

/// <summary>GET /api/instances/{id}: the CLI's instance shape plus states, durations, the pinned definition and the actions that apply.</summary>
public sealed class InstanceDetailApiTests : IAsyncLifetime
{
    private readonly StudioSandbox sandbox = new();
    private StudioProcess studio = null!;
    private string id = null!;

    public async Task InitializeAsync()
    {
        id = await sandbox.RunAsync("approval-demo", 3, "who=studio");
        studio = await sandbox.StartStudioAsync();
    }

    public async Task DisposeAsync() => await sandbox.DisposeAsync();

    [Fact]
    public async Task Shows_the_journal_commands_variables_inputs_bookmarks_and_the_pinned_definition()
    {
        var (status, body, _) = await studio.GetJsonAsync($"api/instances/{id}");

        Assert.Equal(200, status);
        Assert.Equal("suspended", body!["status"]!.GetValue<string>());
        Assert.Equal("studio", body["inputs"]!["who"]!.GetValue<string>());
        Assert.Equal("hello studio", body["variables"]!["greeting"]!.GetValue<string>());

        var command = Assert.Single(body["commands"]!.AsArray());
        Assert.Equal(["echo", "hello", "studio"], command!["argv"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(0, command["exitCode"]!.GetValue<int>());
        Assert.Contains("hello studio", command["outputTail"]!.GetValue<string>(), StringComparison.Ordinal);

        var bookmark = Assert.Single(body["bookmarks"]!.AsArray());
        Assert.Equal("approve-go", bookmark!["activityId"]!.GetValue<string>());
        Assert.Equal("Go on with the second step?", bookmark["message"]!.GetValue<string>());

        // The step that ran has a duration in the timeline: started → completed.
        var completedHello = body["journal"]!.AsArray().Single(e => e!["activityId"]?.GetValue<string>() == "hello" && e["event"]!.GetValue<string>() == "completed");
        Assert.True(completedHello!["durationMs"]!.GetValue<double>() > 0);

        var states = body["activityStates"]!;
        Assert.Equal("done", states["hello"]!.GetValue<string>());
        Assert.Equal("waiting", states["approve-go"]!.GetValue<string>());
        Assert.Null(states["after"]);

        Assert.Equal(["approve", "cancel"], body["actions"]!.AsArray().Select(a => a!.GetValue<string>()));

        var pinned = body["pinnedDefinition"]!;
        Assert.Equal(TestFlows.Approval, pinned["json"]!.GetValue<string>());
        var nodes = pinned["graph"]!["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()).ToList();
        Assert.Contains("approve-go", nodes);
        Assert.Contains("after", nodes);
        var edges = pinned["graph"]!["edges"]!.AsArray().Select(e => $"{e!["from"]}->{e["to"]}").ToList();
        Assert.Contains("approve-go->after", edges);
    }

    [Fact]
    public async Task Has_the_same_fields_as_instances_show_json()
    {
        var cli = await sandbox.ShowAsync(id);
        var (_, api, _) = await studio.GetJsonAsync($"api/instances/{id}");

        foreach (var (key, value) in cli)
        {
            Assert.True(api!.AsObject().ContainsKey(key), $"the API lacks '{key}' of instances show");
            if (key is not "updatedAt" and not "journal")
            {
                Assert.Equal(value?.ToJsonString(), api[key]?.ToJsonString());
            }
        }
    }

    [Fact]
    public async Task A_short_unique_prefix_finds_the_instance_and_an_unknown_id_is_a_plain_404()
    {
        var (status, body, _) = await studio.GetJsonAsync($"api/instances/{id[..4]}");
        Assert.Equal(200, status);
        Assert.Equal(id, body!["id"]!.GetValue<string>());

        var (missing, problem, response) = await studio.GetJsonAsync("api/instances/nosuchinstance");
        Assert.Equal(404, missing);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("No instance 'nosuchinstance' in the journal.", problem!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_event_stream_sends_the_instance_document_first()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/instances/{id}/events");
        using var response = await studio.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal("event: instance", await reader.ReadLineAsync(timeout.Token));
        var data = await reader.ReadLineAsync(timeout.Token);
        Assert.StartsWith("data: ", data, StringComparison.Ordinal);
        var document = System.Text.Json.Nodes.JsonNode.Parse(data!["data: ".Length..])!;
        Assert.Equal(id, document["id"]!.GetValue<string>());
        Assert.Equal("waiting", document["activityStates"]!["approve-go"]!.GetValue<string>());
    }
}
