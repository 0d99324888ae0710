using Messier.Studio.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Messier.Studio.Tests.Api;

/// <summary>What an operator sees when the journal holds something odd: plain errors, text that stays text, caught faults still marked.</summary>
public sealed class RobustnessApiTests : IAsyncLifetime
{
    private readonly StudioSandbox sandbox = new();
    private StudioProcess studio = null!;

    public async Task InitializeAsync() => studio = await sandbox.StartStudioAsync();

    public async Task DisposeAsync() => await sandbox.DisposeAsync();

    [Fact]
    public async Task A_caught_fault_is_marked_faulted_while_the_instance_and_its_try_finish()
    {
        var id = await sandbox.RunAsync("caught", 0);

        var (_, body, _) = await studio.GetJsonAsync($"api/instances/{id}");

        Assert.Equal("finished", body!["status"]!.GetValue<string>());
        var states = body["activityStates"]!;
        Assert.Equal("faulted", states["fails"]!.GetValue<string>());
        Assert.Equal("done", states["handles"]!.GetValue<string>());
        Assert.Equal("done", states["guard"]!.GetValue<string>());
        Assert.Contains(body["journal"]!.AsArray(), e => e!["event"]!.GetValue<string>() == "caught");
    }

    [Fact]
    public async Task Markup_in_a_definition_stays_inside_the_pages_json()
    {
        var html = await studio.Http.GetStringAsync("definitions");

        Assert.DoesNotContain("<script>window.injected", html, StringComparison.Ordinal);
        Assert.Contains("\\u003C/script\\u003E\\u003Cscript\\u003Ewindow.injected", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_instance_row_is_a_plain_500_without_the_exception()
    {
        var id = await sandbox.RunAsync("quick", 0);
        await using (var connection = new SqliteConnection($"Data Source={sandbox.Sandbox.JournalPath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """UPDATE "instances" SET "StateJson" = '{not json' WHERE "Id" = $id""";
            command.Parameters.AddWithValue("$id", id);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var (status, body, response) = await studio.GetJsonAsync($"api/instances/{id}");

        Assert.Equal(500, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Unexpected error in the Studio; its log has the details.", body!["detail"]!.GetValue<string>());
        var text = body.ToJsonString();
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);

        // The rest of the Studio goes on serving.
        var (list, _, _) = await studio.GetJsonAsync("api/instances");
        Assert.Equal(200, list);
    }

    [Fact]
    public async Task An_unknown_api_path_is_a_404_problem()
    {
        var (status, _, response) = await studio.GetJsonAsync("api/nothing-here");

        Assert.Equal(404, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
