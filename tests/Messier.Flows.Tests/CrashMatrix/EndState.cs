using System.Globalization;
using Messier.Flows.Tests.Support;

namespace Messier.Flows.Tests.CrashMatrix;

/// <summary>
/// What a flow leaves on a host, written so that two hosts (two pools, two sandbox roots) compare
/// equal when the flow did the same to both: the pool's datasets with their mountpoints and
/// properties, every watched tree (type, mode, owner, size, whole-second mtime, link target,
/// SHA-256 of each file), what else sits beside each watched folder (a left .orig shows there),
/// and the owners of the ownership paths.
/// </summary>
public static class EndState
{
    public static IReadOnlyList<string> Of(FlowHost host, CrashScenario scenario)
    {
        var lines = new List<string>();
        if (host.Zfs.PoolImported)
        {
            var datasets = Shell.Must("zfs", "list", "-H", "-r", "-o", "name,mountpoint,mounted,compression,atime", host.Pool);
            lines.AddRange(datasets.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "zfs " + Neutral(host, l)));
        }
        else
        {
            lines.Add("zfs: pool not imported");
        }

        if (host.Docker is { } docker)
        {
            // Docker's own folders change whenever dockerd runs, so Docker is judged by what it lists.
            lines.Add($"docker running: {docker.IsActive}");
            // An image's id depends on when its tarball was made, which differs from host to host; its name does not.
            lines.AddRange(docker.Listing().Select(l => "docker " + (l.StartsWith("image ", StringComparison.Ordinal) ? l[..l.LastIndexOf(' ')] : l)));
            lines.AddRange(docker.Docker("network", "ls", "--format", "{{.Name}} {{.Driver}}").Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).Select(l => "network " + l));
            lines.Add("network virgo " + docker.Docker("network", "inspect", "virgo", "--format", "{{(index .IPAM.Config 0).Subnet}} {{(index .IPAM.Config 0).IPRange}} {{(index .IPAM.Config 0).Gateway}}").Trim());
        }

        foreach (var watched in scenario.Watched)
        {
            var folder = host.PathOf(watched);
            var parent = Path.GetDirectoryName(folder)!;
            if (Directory.Exists(parent))
            {
                lines.AddRange(Directory.EnumerateFileSystemEntries(parent).Select(e => $"beside {watched}: {Path.GetFileName(e)}").Order(StringComparer.Ordinal));
            }

            if (!Directory.Exists(folder))
            {
                lines.Add($"tree {watched}: missing");
                continue;
            }

            var manifest = TreeManifest.Of(folder);
            foreach (var entry in manifest.Entries.Values.OrderBy(e => e.Path, StringComparer.Ordinal))
            {
                // A directory's mtime moves whenever an entry comes or goes (a probe file, an rsync temp file); a file's must not.
                var mtime = entry.Type == "d" ? "-" : entry.MtimeSeconds.ToString(CultureInfo.InvariantCulture);
                var size = entry.Type == "d" ? "-" : entry.Size.ToString(CultureInfo.InvariantCulture);
                lines.Add($"tree {watched}/{entry.Path}: {entry.Type} {entry.Mode} {entry.Uid}:{entry.Gid} {size} {mtime} {entry.LinkTarget} {entry.Sha256}");
            }
        }

        return lines;
    }

    /// <summary>The host's own pool name and sandbox folder, replaced by placeholders.</summary>
    private static string Neutral(FlowHost host, string line) =>
        line.Replace(host.Zfs.Root, "SANDBOX", StringComparison.Ordinal).Replace(host.Pool, "POOL", StringComparison.Ordinal);
}
