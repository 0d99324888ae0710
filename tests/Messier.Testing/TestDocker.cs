using System.Text.Json.Nodes;

namespace Messier.Testing;

/// <summary>
/// A test's own real dockerd (vfs storage, own socket, data root and exec root), controlled with
/// the sandbox-dockerd script that flows also use as their "service manager" in tests.
/// </summary>
public sealed class TestDocker : IDisposable
{
    /// <param name="containerdRoot">When given, the daemon gets a containerd of its own whose state root is this folder (a host's /var/lib/containerd).</param>
    public TestDocker(string stateDirectory, string dataRoot, string? containerdRoot = null)
    {
        StateDirectory = stateDirectory;
        DataRoot = dataRoot;
        ContainerdRoot = containerdRoot;
    }

    public static string Script => Path.Combine(AppContext.BaseDirectory, "Support", "sandbox-dockerd");

    public string StateDirectory { get; }

    public string DataRoot { get; }

    public string? ContainerdRoot { get; }

    /// <summary>A command that must succeed before each start, as systemd's ExecStartPre (e.g. messier hold check docker.service).</summary>
    public IReadOnlyList<string>? StartCheck { get; set; }

    private string[] StartArgs =>
    [
        "start", StateDirectory, DataRoot,
        .. ContainerdRoot is null ? Array.Empty<string>() : [ContainerdRoot],
        .. StartCheck is null ? Array.Empty<string>() : ["--", .. StartCheck],
    ];

    public string Host => "unix://" + Path.Combine(StateDirectory, "docker.sock");

    /// <summary>The service commands a flow's StopServices/StartServices take to manage this daemon.</summary>
    public JsonObject ServiceCommands => new()
    {
        ["stop"] = new JsonArray(Script, "stop", StateDirectory),
        ["start"] = new JsonArray([Script, .. StartArgs.Select(a => (JsonNode)a)]),
        ["isActive"] = new JsonArray(Script, "is-active", StateDirectory),
    };

    public void Start() => Shell.Must([Script, .. StartArgs]);

    /// <summary>Tries to start the daemon as a boot would; the exit code and what the script said.</summary>
    public (int ExitCode, string Output) TryStart() => Shell.Run([Script, .. StartArgs]);

    public void Stop() => Shell.Must(Script, "stop", StateDirectory);

    public bool IsActive => Shell.Run(Script, "is-active", StateDirectory).ExitCode == 0;

    /// <summary>Runs the docker CLI against this daemon.</summary>
    public string Docker(params string[] args) => Shell.Must(["docker", "-H", Host, .. args]);

    /// <summary>
    /// Gives the daemon state worth keeping: a tiny image imported from busybox-static, a stopped
    /// container made from it, and a volume holding a file the container wrote.
    /// </summary>
    public void Populate(string image = "messier-test/busybox:1", string container = "writer", string volume = "data", string text = "written before the move")
    {
        var rootfs = Directory.CreateTempSubdirectory("messier-busybox-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(rootfs, "bin"));
            File.Copy("/bin/busybox", Path.Combine(rootfs, "bin", "busybox"));
            File.CreateSymbolicLink(Path.Combine(rootfs, "bin", "sh"), "busybox");
            var tar = Path.Combine(Path.GetDirectoryName(rootfs)!, Path.GetFileName(rootfs) + ".tar");
            Shell.Must("tar", "-C", rootfs, "-cf", tar, ".");
            Docker("import", tar, image);
            File.Delete(tar);
        }
        finally
        {
            Directory.Delete(rootfs, recursive: true);
        }

        Docker("volume", "create", volume);
        Docker("run", "--name", container, "--network", "none", "-v", volume + ":/data", image, "sh", "-c", $"echo '{text}' > /data/greeting");
    }

    /// <summary>What the daemon lists: containers (name, image, state), images (name, id), volumes, and each volume's files with their content.</summary>
    public IReadOnlyList<string> Listing()
    {
        var lines = new List<string>();
        lines.AddRange(Lines(Docker("ps", "-a", "--format", "container {{.Names}} {{.Image}} {{.State}}")));
        lines.AddRange(Lines(Docker("images", "--format", "image {{.Repository}}:{{.Tag}} {{.ID}}")));
        foreach (var volume in Lines(Docker("volume", "ls", "--format", "{{.Name}}")))
        {
            // Read through the volume's folder: dockerd on zfs-fuse cannot create containers.
            var folder = Docker("volume", "inspect", volume, "--format", "{{.Mountpoint}}").Trim();
            lines.Add($"volume {volume}");
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                lines.Add($"volume {volume} {Path.GetRelativePath(folder, file)}: {File.ReadAllText(file).Trim()}");
            }
        }

        return lines;
    }

    private static IEnumerable<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal);

    public void Dispose()
    {
        Shell.Run(Script, "stop", StateDirectory);
    }
}
