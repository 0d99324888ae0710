using System.Text.Json;
using System.Text.Json.Nodes;

namespace Messier.Flows.Tests.Support;

/// <summary>
/// A test's own host: file drives and a pool name of its own (zfs-fuse), a root folder that stands
/// for / (every path the flows touch is under it), a journal, the real messier binary, and,
/// when asked for, a dockerd with its own containerd whose data folders are the root's
/// var/lib/docker and var/lib/containerd. Disposing stops the daemons and destroys the pool.
/// </summary>
public sealed class FlowHost : IDisposable
{
    private readonly string serviceFlag;

    public FlowHost(bool docker = false, long driveBytes = 192L * 1024 * 1024)
    {
        Zfs = new ZfsSandbox(drives: 2, driveBytes: driveBytes);
        Messier = new MessierSandbox();
        Root = Zfs.PathOf("root");
        Directory.CreateDirectory(PathOf("/var/lib"));
        serviceFlag = Zfs.PathOf("service-running");
        File.WriteAllText(serviceFlag, string.Empty);
        if (docker)
        {
            Docker = new TestDocker(Zfs.PathOf("dockerd"), PathOf("/var/lib/docker"), PathOf("/var/lib/containerd"));
            Docker.Start();
        }
    }

    public ZfsSandbox Zfs { get; }

    public MessierSandbox Messier { get; }

    public TestDocker? Docker { get; }

    /// <summary>The folder that stands for the host's /.</summary>
    public string Root { get; }

    public string Pool => Zfs.PoolName;

    public string PoolMountpoint => Zfs.PathOf("pool");

    /// <summary>Where a host path such as /var/lib/docker is in this test's root.</summary>
    public string PathOf(string hostPath) => Root + hostPath;

    /// <summary>Whether the stand-in service (used when there is no dockerd) is running.</summary>
    public bool ServiceRunning => File.Exists(serviceFlag);

    /// <summary>setup-host's inputs for this host: the seed's datasets, network and ownership, at this test's paths, with zfs-fuse's properties.</summary>
    public JsonObject SetupInput() => new()
    {
        ["pool"] = Pool,
        ["devices"] = new JsonArray([.. Zfs.Drives.Select(d => (JsonNode)d)]),
        ["searchDirectories"] = new JsonArray(Zfs.DriveDirectory),
        // zfs-fuse has neither autotrim nor lz4 (ZFS pool version 23).
        ["poolProperties"] = new JsonObject(),
        ["filesystemProperties"] = new JsonObject { ["compression"] = "gzip", ["atime"] = "off" },
        ["poolMountpoint"] = PoolMountpoint,
        ["datasets"] = new JsonArray(
            Dataset("docker", "/var/lib/docker"),
            Dataset("containerd", "/var/lib/containerd"),
            Dataset("docker/compose", "/opt/docker"),
            new JsonObject { ["name"] = "apps" },
            Dataset("downloads", "/downloads"),
            Dataset("time_machines", "/time_machines")),
        ["services"] = new JsonObject
        {
            ["commands"] = Docker?.ServiceCommands ?? new JsonObject
            {
                ["stop"] = new JsonArray("rm", "-f", serviceFlag),
                ["start"] = new JsonArray("touch", serviceFlag),
                ["isActive"] = new JsonArray("test", "-e", serviceFlag),
            },
        },
        ["network"] = Docker is null ? null : new JsonObject
        {
            ["name"] = "virgo",
            ["driver"] = "bridge",
            ["subnet"] = "172.30.0.0/16",
            ["ipRange"] = "172.30.10.0/24",
            ["gateway"] = "172.30.0.1",
        },
        ["dockerHost"] = Docker?.Host,
        ["ownership"] = new JsonArray(
            new JsonObject { ["path"] = PathOf("/downloads"), ["owner"] = "nobody", ["group"] = "nogroup" },
            new JsonObject { ["path"] = PoolMountpoint + "/apps", ["owner"] = "nobody", ["group"] = "nogroup" }),
        ["acceptLoss"] = false,
    };

    /// <summary>The dataset names setup-host makes, in order.</summary>
    public IReadOnlyList<string> SeedDatasets => ["docker", "containerd", "docker/compose", "apps", "downloads", "time_machines"];

    /// <summary>Runs <c>messier run FLOW --input-file F</c> with these inputs (plus any extra arguments).</summary>
    public async Task<ProcessResult> RunAsync(string flow, JsonObject input, params string[] extra)
    {
        var file = Messier.PathOf($"input-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, input.ToJsonString());
        return await Messier.RunAsync(["run", flow, "--input-file", file, .. extra], timeout: TimeSpan.FromMinutes(5));
    }

    /// <summary>The outputs a finished run printed ("outputs: {...}" at the end of stdout).</summary>
    public static JsonObject OutputsOf(ProcessResult result)
    {
        var marker = result.StandardOutput.LastIndexOf("outputs: ", StringComparison.Ordinal);
        Assert.True(marker >= 0, "no outputs printed:\n" + result);
        return JsonNode.Parse(result.StandardOutput[(marker + "outputs: ".Length)..])!.AsObject();
    }

    /// <summary>zfs get VALUE for a dataset of this pool ("docker" for POOL/docker).</summary>
    public string Property(string dataset, string property) => Zfs.ZfsGet(Pool + "/" + dataset, property);

    public IReadOnlyList<string> Datasets() =>
        Shell.Must("zfs", "list", "-H", "-r", "-o", "name", Pool).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(n => n == Pool ? string.Empty : n[(Pool.Length + 1)..]).Where(n => n.Length > 0).ToList();

    public void Dispose()
    {
        Docker?.Dispose();
        Zfs.Dispose();
        Messier.Dispose();
    }

    private JsonObject Dataset(string name, string hostPath) => new() { ["name"] = name, ["mountpoint"] = PathOf(hostPath) };

    /// <summary>Compact JSON for messages.</summary>
    public static string Json(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) ?? "null";
}
