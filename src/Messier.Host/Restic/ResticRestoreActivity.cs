using System.Text.Json.Nodes;
using Messier.Host.Common;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Definitions;

namespace Messier.Host.Restic;

/// <summary>
/// Restores a service directory from a restic snapshot when it is empty: the "preseed" of the
/// seed's phase 5. The snapshot's directory ends up at the target itself, not at
/// TARGET/its/absolute/path as <c>restic restore --target</c> leaves it, and a restore
/// interrupted half way is finished rather than mistaken for data already present.
/// </summary>
/// <remarks>
/// restic (0.14 here) brings back contents, numeric owners, modes, nanosecond mtimes, symlinks,
/// hard links, FIFOs, xattrs and ACLs; it has no restore --sparse, so sparse files come back dense.
/// </remarks>
public sealed class ResticRestoreActivity : IStepActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "ResticRestore",
        ActivityCategory.Host,
        "Restores a directory from a restic snapshot into an empty or missing target: the contents of the snapshot's path land in the target itself (owners, modes, times as backed up; the target directory takes the backed-up directory's owner, mode and mtime). Observed done when the target already holds data. The password comes from passwordFile, or from the environment variable passwordVariable names, or from restic's own RESTIC_PASSWORD* variables; it never appears in an argv or the journal. Outputs: restored, snapshotId, path, files.",
        [
            PropertyDescriptor.Value("repository", DataType.String, "The restic repository (a path, or sftp:, rest:, s3: …).") with { Required = true },
            PropertyDescriptor.Value("passwordFile", DataType.String, "A file holding the repository password (absolute)."),
            PropertyDescriptor.Value("passwordVariable", DataType.String, "The name of an environment variable of messier's holding the password; it is passed to restic as RESTIC_PASSWORD."),
            PropertyDescriptor.Value("snapshot", DataType.String, "A snapshot id (or unique prefix), or latest.") with { Default = "latest" },
            PropertyDescriptor.Value("path", DataType.String, "The directory inside the snapshot to restore (absolute, as backed up); default: the snapshot's only path."),
            PropertyDescriptor.Value("target", DataType.String, "The directory to restore into (absolute); created if missing.") with { Required = true },
        ],
        [ActivityDescriptor.Done]);

    public Task<Observation> ObserveAsync(StepContext context, CancellationToken cancellationToken)
    {
        var target = Target(context);
        var staging = new RestoreStaging(target);
        if (staging.Exists)
        {
            return Task.FromResult(Observation.Pending($"finish the restore interrupted in {staging.Root}"));
        }

        if (DataPaths.IsDirectory(target) && DataPaths.MeaningfulEntries(target).Any())
        {
            return Task.FromResult(Observation.Done($"data present in {target}; nothing restored", new JsonObject
            {
                ["restored"] = false,
                ["snapshotId"] = null,
                ["path"] = null,
                ["files"] = 0,
            }));
        }

        var snapshot = context.Inputs.GetOptionalString("snapshot") ?? "latest";
        var path = context.Inputs.GetOptionalString("path");
        return Task.FromResult(Observation.Pending($"restore {(path is null ? string.Empty : path + " from ")}snapshot {snapshot} of {context.Inputs.GetString("repository")} into {target}"));
    }

    public async Task<StepResult> ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        var target = Target(context);
        if (DataPaths.Exists(target) && !DataPaths.IsDirectory(target))
        {
            throw new StepFailedException($"the target {target} exists and is not a directory.") { Retryable = false };
        }

        var repository = ResticRepository.FromInputs(context);
        var staging = new RestoreStaging(target);
        var restored = staging.Exists ? staging.ReadMarker() : null;
        if (restored is null)
        {
            if (staging.Exists)
            {
                // restic did not finish: this is partial restic output that the repository still
                // holds whole, not anyone's data (nothing is moved out before the marker exists).
                context.Report($"discarding the unfinished restore in {staging.Root}");
                await context.RunCheckedAsync(["rm", "-rf", "--one-file-system", "--", staging.Root], cancellationToken);
            }

            if (DataPaths.IsDirectory(target) && DataPaths.MeaningfulEntries(target).Any())
            {
                throw new StepFailedException($"{target} is not empty; restoring into it would mix a backup with the data there.") { Retryable = false };
            }

            var snapshot = await repository.FindSnapshotAsync(context, context.Inputs.GetOptionalString("snapshot") ?? "latest", cancellationToken);
            var path = ChoosePath(context, snapshot);
            Directory.CreateDirectory(staging.Tree);
            context.Report($"restoring {path} from snapshot {snapshot.Id[..Math.Min(8, snapshot.Id.Length)]} of {repository.Location}");
            var include = snapshot.Paths.Count == 1 && snapshot.Paths[0] == path ? null : path;
            await repository.RestoreAsync(context, snapshot, staging.Tree, include, cancellationToken);
            if (!DataPaths.IsDirectory(staging.TreeOf(path)))
            {
                throw new StepFailedException($"snapshot {snapshot.Id} has no directory {path} (it holds {string.Join(", ", snapshot.Paths)}).") { Retryable = false };
            }

            var restoredDirectory = staging.TreeOf(path);
            var root = (await context.RunCheckedAsync(["stat", "-c", "%u:%g:%a:%.9Y", "--", restoredDirectory], cancellationToken)).Trim();
            var files = Directory.EnumerateFileSystemEntries(restoredDirectory).Sum(CountEntries);
            restored = new RestoreMarker(snapshot.Id, path, root, files);
            staging.WriteMarker(restored);
        }

        MoveIntoPlace(staging, restored, target);
        var attributes = restored.RootAttributes.Split(':');
        await context.RunCheckedAsync(["chown", $"{attributes[0]}:{attributes[1]}", "--", target], cancellationToken);

        // Five digits: with fewer, chmod keeps a directory's setgid bit instead of clearing it.
        await context.RunCheckedAsync(["chmod", attributes[2].PadLeft(5, '0'), "--", target], cancellationToken);
        staging.RemoveEmptySkeleton();

        // After the staging's removal, which changed the target's mtime. A crash just before this
        // leaves only the target directory's own mtime wrong, and nothing that could be re-done.
        await context.RunCheckedAsync(["touch", "-m", "-d", "@" + attributes[3], "--", target], cancellationToken);
        context.Report($"restored {restored.Files} entries into {target}");
        return StepResult.Done(new JsonObject
        {
            ["restored"] = true,
            ["snapshotId"] = restored.SnapshotId,
            ["path"] = restored.Path,
            ["files"] = restored.Files,
        });
    }

    /// <summary>Renames each entry of the restored directory into the target.</summary>
    private static void MoveIntoPlace(RestoreStaging staging, RestoreMarker restored, string target)
    {
        var restoredDirectory = staging.TreeOf(restored.Path);
        if (Directory.Exists(restoredDirectory))
        {
            Directory.CreateDirectory(target);
            foreach (var entry in Directory.EnumerateFileSystemEntries(restoredDirectory).ToList())
            {
                var destination = Path.Combine(target, Path.GetFileName(entry));
                if (DataPaths.Exists(destination))
                {
                    throw new StepFailedException($"both {entry} (restored) and {destination} exist; not overwriting either. Compare them and remove the wrong one.") { Retryable = false };
                }

                // Within the target's filesystem: a rename, never a copy (see MoveAsideActivity).
                Directory.Move(entry, destination);
            }
        }

    }

    private static long CountEntries(string entry)
    {
        if (new FileInfo(entry).LinkTarget is not null || !Directory.Exists(entry))
        {
            return 1;
        }

        return 1 + Directory.EnumerateFileSystemEntries(entry).Sum(CountEntries);
    }

    private static string ChoosePath(StepContext context, ResticSnapshot snapshot)
    {
        var path = DataPaths.OptionalAbsolute(context, "path");
        if (path is null)
        {
            return snapshot.Paths.Count == 1
                ? snapshot.Paths[0]
                : throw new StepFailedException($"snapshot {snapshot.Id} holds several paths ({string.Join(", ", snapshot.Paths)}); say which to restore with path.") { Retryable = false };
        }

        if (!snapshot.Paths.Any(root => DataPaths.IsSameOrBelow(path, root)))
        {
            throw new StepFailedException($"snapshot {snapshot.Id} does not hold {path}: it holds {string.Join(", ", snapshot.Paths)}.") { Retryable = false };
        }

        if (path.IndexOfAny(['*', '?', '[', '\\']) >= 0 && !(snapshot.Paths.Count == 1 && snapshot.Paths[0] == path))
        {
            // restic's --include takes a pattern, and escaping is not something to get subtly wrong.
            throw new StepFailedException($"path {path} contains pattern characters (* ? [ \\), which restic's --include would interpret; restore its parent instead.") { Retryable = false };
        }

        return path;
    }

    private static string Target(StepContext context)
    {
        var target = DataPaths.Absolute(context, "target");
        return target == "/"
            ? throw new StepFailedException("refusing to restore into /.") { Retryable = false }
            : target;
    }
}
