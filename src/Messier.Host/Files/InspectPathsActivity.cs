using System.Globalization;
using System.Text.Json.Nodes;
using Messier.Host.Common;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Definitions;

namespace Messier.Host.Files;

/// <summary>
/// Looks at paths, read-only, so a flow can decide from facts rather than guesses: whether a
/// service directory holds data, is already a mountpoint, and on which filesystem it lives. The
/// shell flows this replaces tested such things with `[ -d ]` and `ls | wc -l`, which follow
/// symlinks and miss dotfiles; here nothing is followed and every entry counts.
/// </summary>
public sealed class InspectPathsActivity : IStepActivity
{
    /// <summary>S_IFMT and S_IFREG, to tell a regular file from a FIFO, socket or device, which .NET does not.</summary>
    private const int TypeMask = 0xF000;
    private const int RegularFile = 0x8000;

    public ActivityDescriptor Descriptor { get; } = new(
        "InspectPaths",
        ActivityCategory.Host,
        "Looks at paths without changing anything and without following symlinks. Outputs: paths (object: each given path → {exists, kind (directory, file, symlink, other, or null when missing), empty (an existing directory with no entries at all), hasData (exists and is not an empty directory; a file or symlink counts as data), entries (top-level entries of a directory, else 0), mountpoint (the path itself is a mountpoint), filesystem (type of the filesystem holding it as the kernel names it, e.g. ext4, tmpfs, zfs, fuse.zfs on zfs-fuse; null when missing), source (that filesystem's mount source, e.g. pool/dataset for ZFS; null when missing)}), withData (the given paths that have data, in input order).",
        [
            PropertyDescriptor.Value("paths", DataType.Array, "The paths to look at (each absolute); may be empty.") with { Required = true, ItemType = DataType.String },
        ],
        [ActivityDescriptor.Done]);

    public async Task<Observation> ObserveAsync(StepContext context, CancellationToken cancellationToken)
    {
        var paths = context.Inputs.GetStringList("paths")
            .Select((path, i) => DataPaths.Check(path, $"Activity '{context.Node.Id}': paths[{i}]"))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var reports = new JsonObject();
        var withData = new List<string>();
        foreach (var path in paths)
        {
            var report = await InspectAsync(context, path, cancellationToken);
            reports[path] = report;
            if (report["hasData"]!.GetValue<bool>())
            {
                withData.Add(path);
            }
        }

        return Observation.Done(
            $"inspected {paths.Count} paths, {withData.Count} with data",
            new JsonObject
            {
                ["paths"] = reports,
                ["withData"] = new JsonArray(withData.Select(p => (JsonNode)p).ToArray()),
            });
    }

    public Task<StepResult> ApplyAsync(StepContext context, CancellationToken cancellationToken) =>
        throw new StepFailedException("InspectPaths has nothing to apply: its observe always reports what it found.") { Retryable = false };

    private static async Task<JsonObject> InspectAsync(StepContext context, string path, CancellationToken cancellationToken)
    {
        if (!DataPaths.Exists(path))
        {
            return Report(exists: false, kind: null, entries: 0, mountpoint: false, filesystem: null);
        }

        var kind = await KindAsync(context, path, cancellationToken);
        long entries = 0;
        if (kind == "directory")
        {
            try
            {
                entries = Directory.EnumerateFileSystemEntries(path).LongCount();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new StepFailedException($"cannot list {path}: {ex.Message}");
            }
        }

        // A symlink is never a mountpoint (mounting on one mounts on its target), and findmnt
        // would follow it; the filesystem holding a link is the one holding its directory.
        if (kind == "symlink")
        {
            var holding = await MountTable.HoldingAsync(context, Path.GetDirectoryName(path)!, cancellationToken);
            return Report(exists: true, kind, entries, mountpoint: false, holding);
        }

        var mount = await MountTable.HoldingAsync(context, path, cancellationToken);
        var isMountpoint = string.Equals(mount.Target, path, StringComparison.Ordinal);
        if (!isMountpoint && HasSymlinkAbove(path))
        {
            // findmnt reports the resolved path, so through a symlinked directory the names differ
            // even when the path is a mountpoint; ask by the path itself instead.
            isMountpoint = await MountTable.MountedAtAsync(context, path, cancellationToken) is not null;
        }

        return Report(exists: true, kind, entries, isMountpoint, mount);
    }

    private static async Task<string> KindAsync(StepContext context, string path, CancellationToken cancellationToken)
    {
        if (DataPaths.IsSymlink(path))
        {
            return "symlink";
        }

        if (Directory.Exists(path))
        {
            return "directory";
        }

        var mode = (await context.RunCheckedAsync(["stat", "-c", "%f", "--", path], cancellationToken)).Trim();
        return int.TryParse(mode, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var bits)
            ? (bits & TypeMask) == RegularFile ? "file" : "other"
            : throw new StepFailedException($"cannot tell what {path} is: stat printed '{Printable.Show(mode)}'.");
    }

    private static bool HasSymlinkAbove(string path)
    {
        for (var directory = Path.GetDirectoryName(path); directory is not null && directory != "/"; directory = Path.GetDirectoryName(directory))
        {
            if (DataPaths.IsSymlink(directory))
            {
                return true;
            }
        }

        return false;
    }

    private static JsonObject Report(bool exists, string? kind, long entries, bool mountpoint, MountEntry? filesystem)
    {
        var empty = kind == "directory" && entries == 0;
        return new JsonObject
        {
            ["exists"] = exists,
            ["kind"] = kind,
            ["empty"] = empty,
            ["hasData"] = exists && !empty,
            ["entries"] = entries,
            ["mountpoint"] = mountpoint,
            ["filesystem"] = filesystem?.FileSystem,
            ["source"] = filesystem?.Source,
        };
    }
}
