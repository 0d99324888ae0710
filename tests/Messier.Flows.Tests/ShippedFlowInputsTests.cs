using System.Text.Json.Nodes;
using Messier.Testing;

namespace Messier.Flows.Tests;

/// <summary>
/// setup-host hands its inputs on to the path it takes, and each path flow can be run on its own
/// with the same input file, so the four declare the same inputs with the same defaults: a
/// default changed in one and not the others would make the same file mean two things.
/// </summary>
public sealed class ShippedFlowInputsTests
{
    private static readonly string[] SetupFlows = ["setup-host", "fresh-install", "import-pool", "pool-imported"];

    [Fact]
    public void The_setup_flows_declare_identical_inputs_with_the_seed_defaults()
    {
        var inputs = SetupFlows.ToDictionary(f => f, f => Inputs(f).ToJsonString());

        Assert.All(SetupFlows, f => Assert.True(inputs[f] == inputs["setup-host"], $"{f}.json declares other inputs than setup-host.json"));
        var declared = Inputs("setup-host");
        Assert.Equal("messier", declared["pool"]!["default"]!.GetValue<string>());
        Assert.Equal("13", declared["poolProperties"]!["default"]!["ashift"]!.GetValue<string>());
        Assert.Equal("on", declared["poolProperties"]!["default"]!["autotrim"]!.GetValue<string>());
        Assert.Equal("lz4", declared["filesystemProperties"]!["default"]!["compression"]!.GetValue<string>());
        Assert.Equal("off", declared["filesystemProperties"]!["default"]!["atime"]!.GetValue<string>());
        Assert.Equal(
            ["docker=/var/lib/docker", "containerd=/var/lib/containerd", "docker/compose=/opt/docker", "apps=", "downloads=/downloads", "time_machines=/time_machines"],
            declared["datasets"]!["default"]!.AsArray().Select(d => $"{d!["name"]}={d["mountpoint"]?.GetValue<string>()}"));
        Assert.Equal("""{"name":"virgo","driver":"bridge","subnet":"172.30.0.0/16","ipRange":"172.30.10.0/24","gateway":"172.30.0.1"}""", declared["network"]!["default"]!.ToJsonString());
        Assert.Equal(
            ["/downloads voyager:users", "/messier/apps voyager:users"],
            declared["ownership"]!["default"]!.AsArray().Select(o => $"{o!["path"]} {o["owner"]}:{o["group"]}"));
    }

    [Fact]
    public void The_sample_input_files_only_name_inputs_setup_host_declares()
    {
        var declared = Inputs("setup-host");
        foreach (var sample in new[] { "host.json", "demo-host.json" })
        {
            var given = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Samples, sample)))!.AsObject();
            Assert.All(given, pair => Assert.True(declared.ContainsKey(pair.Key), $"samples/{sample}: setup-host has no input '{pair.Key}'"));
        }
    }

    private static JsonObject Inputs(string flow) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Workflows, flow + ".json")))!["inputs"]!.AsObject();
}
