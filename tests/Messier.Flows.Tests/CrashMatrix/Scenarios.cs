using System.Text.Json.Nodes;
using Messier.Flows.Tests.Support;

namespace Messier.Flows.Tests.CrashMatrix;

/// <summary>The crash matrix's flows and the states they start from (docs/reliability.md lists them).</summary>
public static class Scenarios
{
    private static readonly string[] SetupWatched = ["/var/lib/docker", "/var/lib/containerd", "/opt/docker", "/downloads", "/time_machines"];

    /// <summary>setup-host with no pool: Docker's and containerd's data in plain folders move onto a new pool.</summary>
    public static CrashScenario SetupHostFreshInstall { get; } = new(
        "setup-host, fresh install",
        "setup-host",
        host =>
        {
            ScenarioData.Write(host.PathOf("/var/lib/docker"), "docker");
            ScenarioData.Write(host.PathOf("/var/lib/containerd"), "containerd");
            return host.SetupInput();
        },
        SetupWatched);

    /// <summary>setup-host with no pool on a host whose real Docker holds an image, a container and a volume.</summary>
    public static CrashScenario SetupHostFreshInstallWithDocker { get; } = new(
        "setup-host, fresh install with a real Docker",
        "setup-host",
        host =>
        {
            host.Docker!.Populate();
            ScenarioData.Write(host.PathOf("/var/lib/containerd/extra"), "containerd");
            return host.SetupInput();
        },
        ["/downloads", "/time_machines"],
        Docker: true);

    /// <summary>setup-host with the pool exported, its datasets holding data, and local data in an empty dataset's mountpoint.</summary>
    public static CrashScenario SetupHostImport { get; } = new(
        "setup-host, import after export",
        "setup-host",
        host =>
        {
            Shell.Must(["zpool", "create", "-m", host.PoolMountpoint, "-O", "compression=gzip", "-O", "atime=off", host.Pool, "mirror", .. host.Zfs.Drives]);
            foreach (var (name, path) in new[] { ("docker", "/var/lib/docker"), ("containerd", "/var/lib/containerd"), ("downloads", "/downloads"), ("time_machines", "/time_machines") })
            {
                Shell.Must("zfs", "create", "-o", "mountpoint=" + host.PathOf(path), host.Pool + "/" + name);
            }

            ScenarioData.Write(host.PathOf("/var/lib/docker"), "pooled-docker");
            PoolExport.Export(host.Pool);
            ScenarioData.Write(host.PathOf("/time_machines"), "local-backups");
            return host.SetupInput();
        },
        SetupWatched);

    /// <summary>setup-host with the pool imported but no datasets: the folders become datasets.</summary>
    public static CrashScenario SetupHostPoolImported { get; } = new(
        "setup-host, pool imported without datasets",
        "setup-host",
        host =>
        {
            Shell.Must(["zpool", "create", "-m", host.PoolMountpoint, "-O", "compression=gzip", "-O", "atime=off", host.Pool, "mirror", .. host.Zfs.Drives]);
            ScenarioData.Write(host.PathOf("/var/lib/docker"), "docker");
            ScenarioData.Write(host.PathOf("/opt/docker"), "compose");
            return host.SetupInput();
        },
        SetupWatched);

    /// <summary>orig-restore: a .orig beside an empty dataset.</summary>
    public static CrashScenario OrigRestore { get; } = new(
        "orig-restore, backup into an empty dataset",
        "orig-restore",
        host =>
        {
            host.Zfs.CreatePool(host.PoolMountpoint);
            Shell.Must("zfs", "create", "-o", "mountpoint=" + host.PathOf("/var/lib/docker"), host.Pool + "/docker");
            ScenarioData.Write(host.PathOf("/var/lib/docker.orig"), "docker", files: 30);
            return new JsonObject { ["path"] = host.PathOf("/var/lib/docker"), ["dataset"] = host.Pool + "/docker" };
        },
        ["/var/lib/docker"]);

    /// <summary>directory-to-dataset: a service folder becomes a dataset.</summary>
    public static CrashScenario DirectoryToDataset { get; } = new(
        "directory-to-dataset",
        "directory-to-dataset",
        host =>
        {
            host.Zfs.CreatePool(host.PoolMountpoint);
            ScenarioData.Write(host.PathOf("/srv/app"), "app", files: 30);
            return new JsonObject { ["path"] = host.PathOf("/srv/app"), ["dataset"] = host.Pool + "/app" };
        },
        ["/srv/app"]);

    /// <summary>preseed-restore: an emptied dataset comes back from its latest snapshot.</summary>
    public static CrashScenario PreseedFromSnapshot { get; } = new(
        "preseed-restore, from a snapshot",
        "preseed-restore",
        host =>
        {
            host.Zfs.CreatePool(host.PoolMountpoint);
            var data = host.PathOf("/persist/sonarr");
            Shell.Must("zfs", "create", "-o", "mountpoint=" + data, host.Pool + "/sonarr");
            ScenarioData.Write(data, "sonarr");
            Shell.Must("zfs", "snapshot", host.Pool + "/sonarr@nightly");
            foreach (var entry in Directory.EnumerateFileSystemEntries(data))
            {
                Shell.Must("rm", "-rf", entry);
            }

            return new JsonObject { ["path"] = data, ["dataset"] = host.Pool + "/sonarr" };
        },
        ["/persist/sonarr"]);

    /// <summary>preseed-restore: a missing folder comes back from restic.</summary>
    public static CrashScenario PreseedFromRestic { get; } = new(
        "preseed-restore, from restic",
        "preseed-restore",
        host =>
        {
            host.Zfs.CreatePool(host.PoolMountpoint);
            var data = host.PathOf("/persist/radarr");
            ScenarioData.Write(data, "radarr");
            var repository = new TestResticRepository(Directory.CreateDirectory(host.Zfs.PathOf("restic")).FullName);
            repository.Backup(data);
            Directory.Delete(data, recursive: true);
            return new JsonObject { ["path"] = data, ["resticRepository"] = repository.Location, ["resticPasswordFile"] = repository.PasswordFile };
        },
        ["/persist/radarr"]);
}
