using System.Text.Json.Nodes;
using Messier.Flows.Tests.Support;

namespace Messier.Flows.Tests.CrashMatrix;

/// <summary>
/// Service data for the matrix's scenarios: files of a few sizes, a dotfile, a symlink, a hard
/// link, an empty folder, an owner without a passwd entry, with fixed mtimes so that two hosts
/// prepared at different moments hold the same trees.
/// </summary>
public static class ScenarioData
{
    public static void Write(string root, string flavour, int files = 12)
    {
        Directory.CreateDirectory(Path.Combine(root, "data", "nested"));
        Directory.CreateDirectory(Path.Combine(root, "empty"));
        for (var i = 0; i < files; i++)
        {
            File.WriteAllText(Path.Combine(root, "data", $"{flavour}-{i:00}.bin"), new string((char)('a' + (i % 26)), 1_000 * (i + 1)));
        }

        File.WriteAllText(Path.Combine(root, "data", "nested", "config.yml"), $"name: {flavour}\n");
        File.WriteAllText(Path.Combine(root, ".hidden"), flavour);
        File.CreateSymbolicLink(Path.Combine(root, "current"), "data/nested");
        Shell.Must("ln", Path.Combine(root, ".hidden"), Path.Combine(root, "hard-link"));
        File.WriteAllText(Path.Combine(root, "orphan-owner"), "uid 4242 has no passwd entry");
        Shell.Must("chown", "4242:4242", Path.Combine(root, "orphan-owner"));
        Shell.Must("find", root, "-exec", "touch", "-h", "-d", "@1700000000", "{}", "+");
    }

    /// <summary>Drives big enough for <see cref="LargeConversionAsync"/>'s service on a mirror.</summary>
    public const long LargeConversionDriveBytes = 512L * 1024 * 1024;

    /// <summary>
    /// A pool, a service folder /srv/media of about 150 MiB (this data plus twelve 12 MiB random
    /// chunks: a copy long enough to be interrupted from outside) and directory-to-dataset's input
    /// file for it.
    /// </summary>
    public static async Task<(string Service, string InputFile)> LargeConversionAsync(FlowHost host)
    {
        host.Zfs.CreatePool(host.PoolMountpoint);
        var service = host.PathOf("/srv/media");
        Write(service, "media");
        for (var i = 0; i < 12; i++)
        {
            Shell.Must("dd", "if=/dev/urandom", "of=" + Path.Combine(service, "data", $"chunk{i:00}"), "bs=1M", "count=12", "status=none");
        }

        var input = host.Messier.PathOf("input.json");
        await File.WriteAllTextAsync(input, new JsonObject { ["path"] = service, ["dataset"] = host.Pool + "/media" }.ToJsonString());
        return (service, input);
    }
}
