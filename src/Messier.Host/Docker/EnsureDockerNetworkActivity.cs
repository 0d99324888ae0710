using System.Text.Json;
using System.Text.Json.Nodes;
using Messier.Host.Common;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Definitions;

namespace Messier.Host.Docker;

/// <summary>
/// Ensures a Docker network exists with the wanted driver, subnet, IP range and gateway. A network
/// of that name with another configuration is an error: containers may be attached to it, so it
/// is never silently recreated.
/// </summary>
public sealed class EnsureDockerNetworkActivity : IStepActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "EnsureDockerNetwork",
        ActivityCategory.Host,
        "Ensures a Docker network exists with this driver, subnet, IP range and gateway; an existing network configured otherwise fails the step and is left as it is.",
        [
            PropertyDescriptor.Value("name", DataType.String, "The network's name.") with { Required = true },
            PropertyDescriptor.Value("driver", DataType.String, "The network driver.") with { Default = "bridge" },
            PropertyDescriptor.Value("subnet", DataType.String, "The subnet in CIDR form, e.g. 172.30.0.0/16.") with { Required = true },
            PropertyDescriptor.Value("ipRange", DataType.String, "The range containers get addresses from, e.g. 172.30.10.0/24."),
            PropertyDescriptor.Value("gateway", DataType.String, "The gateway address, e.g. 172.30.0.1."),
            PropertyDescriptor.Value("dockerHost", DataType.String, "The daemon to talk to (docker -H), e.g. unix:///run/docker.sock; default: the docker CLI's own."),
        ],
        [ActivityDescriptor.Done]);

    public async Task<Observation> ObserveAsync(StepContext context, CancellationToken cancellationToken)
    {
        var wanted = Wanted(context);
        var inspect = await context.QueryAsync([.. Docker(context), "network", "inspect", "--format", "{{json .}}", wanted.Name], cancellationToken);
        if (inspect.ExitCode != 0)
        {
            var error = inspect.OutputTail(800).Trim();
            if (error.Contains("No such network", StringComparison.OrdinalIgnoreCase) || error.Contains("not found", StringComparison.OrdinalIgnoreCase))
            {
                return Observation.Pending($"create network {wanted.Name} ({wanted.Driver}, subnet {wanted.Subnet}, range {wanted.IpRange ?? "-"}, gateway {wanted.Gateway ?? "-"})");
            }

            throw new StepFailedException($"cannot inspect Docker network {wanted.Name}: {error}");
        }

        var actual = Read(inspect.StandardOutput);
        var differences = new List<string>();
        Compare("driver", wanted.Driver, actual.Driver, differences);
        Compare("subnet", wanted.Subnet, actual.Subnet, differences);
        if (wanted.IpRange is not null)
        {
            Compare("ipRange", wanted.IpRange, actual.IpRange, differences);
        }

        if (wanted.Gateway is not null)
        {
            Compare("gateway", wanted.Gateway, actual.Gateway, differences);
        }

        if (differences.Count > 0)
        {
            throw new StepFailedException($"Docker network {wanted.Name} exists with another configuration ({string.Join("; ", differences)}). It is not recreated: containers may use it. Remove it yourself (docker network rm {wanted.Name}) or change the inputs.") { Retryable = false };
        }

        return Observation.Done($"network {wanted.Name} exists as wanted", Outputs(wanted, actual.Id, created: false));
    }

    public async Task<StepResult> ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        var wanted = Wanted(context);
        var argv = new List<string>(Docker(context)) { "network", "create", "--driver", wanted.Driver, "--subnet", wanted.Subnet };
        if (wanted.IpRange is not null)
        {
            argv.AddRange(["--ip-range", wanted.IpRange]);
        }

        if (wanted.Gateway is not null)
        {
            argv.AddRange(["--gateway", wanted.Gateway]);
        }

        argv.Add(wanted.Name);
        var id = (await context.RunCheckedAsync(argv, cancellationToken)).Trim();
        return StepResult.Done(Outputs(wanted, id, created: true));
    }

    private static string[] Docker(StepContext context) =>
        context.Inputs.GetOptionalString("dockerHost") is { } host ? ["docker", "-H", host] : ["docker"];

    private static WantedNetwork Wanted(StepContext context)
    {
        var name = context.Inputs.GetString("name");
        if (name.Length == 0 || name.StartsWith('-') || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-')))
        {
            throw new StepFailedException($"'{name}' is not a Docker network name (letters, digits, '_', '.', '-', not starting with '-').") { Retryable = false };
        }

        return new WantedNetwork(name, context.Inputs.GetOptionalString("driver") ?? "bridge", context.Inputs.GetString("subnet"), context.Inputs.GetOptionalString("ipRange"), context.Inputs.GetOptionalString("gateway"));
    }

    private static ActualNetwork Read(string json)
    {
        var network = JsonNode.Parse(json)!.AsObject();
        var config = network["IPAM"]?["Config"] is JsonArray { Count: > 0 } configs ? configs[0] : null;
        return new ActualNetwork(
            network["Id"]?.GetValue<string>() ?? string.Empty,
            network["Driver"]?.GetValue<string>(),
            Text(config?["Subnet"]),
            Text(config?["IPRange"]),
            Text(config?["Gateway"]));
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length > 0 ? v.GetValue<string>() : null;

    private static void Compare(string what, string wanted, string? actual, List<string> differences)
    {
        if (!string.Equals(wanted, actual, StringComparison.Ordinal))
        {
            differences.Add($"{what} is {actual ?? "unset"}, wanted {wanted}");
        }
    }

    private static JsonObject Outputs(WantedNetwork network, string id, bool created) => new()
    {
        ["name"] = network.Name,
        ["id"] = id,
        ["created"] = created,
    };

    private sealed record WantedNetwork(string Name, string Driver, string Subnet, string? IpRange, string? Gateway);

    private sealed record ActualNetwork(string Id, string? Driver, string? Subnet, string? IpRange, string? Gateway);
}
