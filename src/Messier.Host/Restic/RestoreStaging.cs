using System.Text.Json.Nodes;
using Messier.Workflows.Activities.Contracts;

namespace Messier.Host.Restic;

/// <summary>
/// Where a restore is unpacked before its files are moved into place: a hidden directory inside
/// the target, so that the final moves are renames on one filesystem even when the target is a
/// dataset's mountpoint. restic restores a snapshot's absolute paths below --target
/// (TARGET/var/lib/sonarr/...), which the seed's preseed script left there; restic 0.14 has no
/// snapshot:subfolder syntax to avoid it.
/// </summary>
/// <remarks>
/// A marker written after restic succeeded separates the two phases. Without it, the staging
/// holds at most a partial restic output (nothing has been moved out yet), which the repository
/// still holds whole, so it is discarded and restored again. With it, the files are complete and
/// the remaining ones are moved: each move is one rename, so after a crash every entry is either
/// still in the staging or already in the target.
/// </remarks>
internal sealed class RestoreStaging
{
    public const string Name = ".messier-restore";

    public RestoreStaging(string target)
    {
        Root = Path.Combine(target, Name);
        Tree = Path.Combine(Root, "tree");
        Marker = Path.Combine(Root, "restored.json");
    }

    public string Root { get; }

    /// <summary>restic's --target.</summary>
    public string Tree { get; }

    public string Marker { get; }

    public bool Exists => Directory.Exists(Root);

    /// <summary>Where the snapshot's <paramref name="path"/> lands inside the staging.</summary>
    public string TreeOf(string path) => path == "/" ? Tree : Tree + path;

    /// <summary>The record of a completed restic restore, or null if restic did not finish.</summary>
    public RestoreMarker? ReadMarker()
    {
        if (!File.Exists(Marker))
        {
            return null;
        }

        var json = JsonNode.Parse(File.ReadAllText(Marker))!.AsObject();
        return new RestoreMarker((string)json["snapshotId"]!, (string)json["path"]!, (string)json["root"]!, (long)json["files"]!);
    }

    /// <summary>Written to a temp file, synced, then renamed, so the marker exists whole or not at all.</summary>
    public void WriteMarker(RestoreMarker marker)
    {
        var text = new JsonObject { ["snapshotId"] = marker.SnapshotId, ["path"] = marker.Path, ["root"] = marker.RootAttributes, ["files"] = marker.Files }.ToJsonString();
        var temp = Marker + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            file.Write(System.Text.Encoding.UTF8.GetBytes(text));
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, Marker, overwrite: true);
    }

    /// <summary>
    /// Removes what is left once every restored entry was moved out: directories the restore
    /// created around the path, and the marker. Anything else is data and stops the cleanup.
    /// </summary>
    public void RemoveEmptySkeleton()
    {
        if (Directory.Exists(Tree))
        {
            RemoveEmptyDirectories(Tree);
        }

        File.Delete(Marker);
        File.Delete(Marker + ".tmp");
        Directory.Delete(Root);
    }

    private static void RemoveEmptyDirectories(string directory)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
        {
            if (new FileInfo(entry).LinkTarget is not null || !Directory.Exists(entry))
            {
                throw new StepFailedException($"the restore staging still holds {entry} after the move; it is left for inspection.") { Retryable = false };
            }

            RemoveEmptyDirectories(entry);
        }

        Directory.Delete(directory);
    }
}
