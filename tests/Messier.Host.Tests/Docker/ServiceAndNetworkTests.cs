using System.Text.Json.Nodes;
using Messier.Host.Tests.Support;
using Messier.Workflows.Journal;

namespace Messier.Host.Tests.Docker;

/// <summary>StopServices, StartServices and EnsureDockerNetwork against a real dockerd of the test's own.</summary>
[Collection(DockerDaemons.Name)]
public sealed class ServiceAndNetworkTests : IAsyncLifetime
{
    private readonly string root = Directory.CreateTempSubdirectory("messier-docker-").FullName;
    private readonly StepHarness harness = new();
    private TestDocker docker = null!;

    public Task InitializeAsync()
    {
        docker = new TestDocker(Path.Combine(root, "state"), Path.Combine(root, "data"));
        docker.Start();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Stop_then_start_takes_the_daemon_down_and_back_with_its_data()
    {
        docker.Docker("volume", "create", "keepme");
        var commands = docker.ServiceCommands.ToJsonString();

        var stop = await harness.RunActivityAsync($$$"""{"type":"StopServices","id":"stop","commands":{{{commands}}}}""");
        Assert.True(stop.Status == InstanceStatus.Finished, stop.ToString());
        Assert.False(docker.IsActive);

        var start = await harness.RunActivityAsync($$$"""{"type":"StartServices","id":"start","commands":{{{commands}}}}""");
        Assert.True(start.Status == InstanceStatus.Finished, start.ToString());
        Assert.True(docker.IsActive);
        Assert.Contains("keepme", docker.Docker("volume", "ls", "--format", "{{.Name}}"), StringComparison.Ordinal);

        var again = await harness.RunActivityAsync($$$"""{"type":"StartServices","id":"start","commands":{{{commands}}}}""");
        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], again.EventsOf("start"));
    }

    [Fact]
    public async Task A_daemon_that_does_not_come_back_fails_the_step_instead_of_hanging()
    {
        var commands = new JsonObject
        {
            ["stop"] = new JsonArray(TestDocker.Script, "stop", docker.StateDirectory),
            ["start"] = new JsonArray("true"),
            ["isActive"] = new JsonArray(TestDocker.Script, "is-active", docker.StateDirectory),
        };
        docker.Stop();

        var result = await harness.RunActivityAsync($$$"""{"type":"StartServices","id":"start","timeoutSeconds":2,"commands":{{{commands.ToJsonString()}}}}""");

        Assert.Equal(InstanceStatus.Faulted, result.Status);
        Assert.Contains("did not come back within 2 s", result.Run.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creates_the_network_with_the_seed_configuration_and_then_observes_it()
    {
        var activity = $$$"""{"type":"EnsureDockerNetwork","id":"net","name":"virgo","subnet":"172.30.0.0/16","ipRange":"172.30.10.0/24","gateway":"172.30.0.1","dockerHost":"{{{docker.Host}}}"}""";

        var first = await harness.RunActivityAsync(activity);
        var second = await harness.RunActivityAsync(activity);

        Assert.True(first.Status == InstanceStatus.Finished, first.ToString());
        var config = docker.Docker("network", "inspect", "virgo", "--format", "{{.Driver}} {{range .IPAM.Config}}{{.Subnet}} {{.IPRange}} {{.Gateway}}{{end}}").Trim();
        Assert.Equal("bridge 172.30.0.0/16 172.30.10.0/24 172.30.0.1", config);
        Assert.Equal([JournalEvents.Started, JournalEvents.ObservedDone], second.EventsOf("net"));
    }

    [Fact]
    public async Task A_network_of_that_name_with_another_subnet_is_an_error_and_is_kept()
    {
        docker.Docker("network", "create", "--subnet", "172.31.0.0/16", "virgo");

        var result = await harness.RunActivityAsync($$$"""{"type":"EnsureDockerNetwork","id":"net","name":"virgo","subnet":"172.30.0.0/16","dockerHost":"{{{docker.Host}}}"}""");

        Assert.Equal(InstanceStatus.Faulted, result.Status);
        Assert.Contains("subnet is 172.31.0.0/16, wanted 172.30.0.0/16", result.Run.Message, StringComparison.Ordinal);
        Assert.Contains("172.31.0.0/16", docker.Docker("network", "inspect", "virgo", "--format", "{{range .IPAM.Config}}{{.Subnet}}{{end}}"), StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        docker.Dispose();
        await harness.DisposeAsync();
        Directory.Delete(root, recursive: true);
    }
}
