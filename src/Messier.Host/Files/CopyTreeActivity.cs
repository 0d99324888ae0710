using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Messier.Host.Common;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Commands;
using Messier.Workflows.Definitions;

namespace Messier.Host.Files;

/// <summary>
/// Copies a directory tree faithfully (numeric owners, modes, mtimes, symlinks, hard links,
/// devices, dotfiles, sparse files, ACLs, xattrs) with rsync. The seeds' <c>cp -r dir/* target/</c>
/// lost dotfiles, hard links, owners, ACLs, xattrs and sparseness without a word; this step instead
/// finds out before copying whether the target can hold the source's ACLs and xattrs, and refuses
/// (nothing copied) unless the flow says the loss is accepted, in which case what was lost is
/// listed in the outputs and so in the journal.
/// </summary>
public sealed partial class CopyTreeActivity : IStepActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "CopyTree",
        ActivityCategory.Host,
        "Copies the contents of a directory into a target directory faithfully with rsync -aHAX --numeric-ids --sparse (owners by number, modes, mtimes, symlinks, hard links, devices, dotfiles, sparse files, ACLs, xattrs). Before copying it checks that the target's filesystem can hold the source's ACLs and xattrs and fails, copying nothing, if it cannot, unless acceptLoss is true. Files already in the target are overwritten when they differ and never deleted, except the partial files ('.NAME.XXXXXX' beside a source file NAME) that an rsync killed mid-copy leaves. Observed done when the target is identical to the source (the comparison VerifyTree makes). Outputs: files (regular files), entries (all, directories and links included), bytes (as rsync counts them: file sizes plus symlink target lengths), lostXattrs, lostXattrCount, lostAcls, lostAclCount (the lost lists name up to 100 files, as 'path: what').",
        [
            PropertyDescriptor.Value("source", DataType.String, "The directory whose contents are copied (absolute).") with { Required = true },
            PropertyDescriptor.Value("target", DataType.String, "The directory they are copied into (absolute); created if missing, e.g. a dataset's mountpoint.") with { Required = true },
            PropertyDescriptor.Value("acceptLoss", DataType.Boolean, "Copy even when the target cannot hold the source's ACLs or xattrs; the lost ones are listed in the outputs. Verify such a copy with ignoreXattrsAndAcls.") with { Default = false },
        ],
        [ActivityDescriptor.Done]);

    public async Task<Observation> ObserveAsync(StepContext context, CancellationToken cancellationToken)
    {
        var (source, target) = Paths(context);
        if (!DataPaths.Exists(target))
        {
            return Observation.Pending($"copy {source} to {target} (faithfully: owners, modes, times, links, hard links, ACLs, xattrs, sparse files)");
        }

        var comparison = await TreeComparison.CompareAsync(context, source, target, xattrsAndAcls: true, cancellationToken);
        return comparison.Identical
            ? Observation.Done($"{target} is identical to {source} ({comparison.Entries} entries checked)", Outputs(comparison.RegularFiles, comparison.Entries, comparison.Bytes, [], 0, [], 0))
            : Observation.Pending($"copy {source} to {target} ({comparison.DifferenceCount} differences now, first: {comparison.Differences[0]})");
    }

    public async Task<StepResult> ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        var (source, target) = Paths(context);
        var acceptLoss = context.Inputs.GetBoolean("acceptLoss", false);

        context.Report($"looking for ACLs and xattrs in {source}");
        var inventory = await MetadataLoss.ScanAsync(context, source, cancellationToken);

        var created = !DataPaths.Exists(target);

        // A target that already holds files (an interrupted copy, a spoiled one) is compared by
        // checksum: rsync's default size-and-mtime check would leave a same-size, same-mtime file
        // with other content as it is. An empty target has nothing to compare, and checksums
        // would only read the whole source twice.
        var checksum = !created && DataPaths.IsDirectory(target) && DataPaths.MeaningfulEntries(target).Any();
        if (!created && !DataPaths.IsDirectory(target))
        {
            throw new StepFailedException($"the target {target} exists and is not a directory.") { Retryable = false };
        }

        Directory.CreateDirectory(target);
        var loss = await MetadataLoss.AssessAsync(context, inventory, target, cancellationToken);
        if (loss.Any && !acceptLoss)
        {
            if (created && DataPaths.IsEmptyDirectory(target))
            {
                // Leave no trace of a copy that did not happen.
                Directory.Delete(target);
            }

            throw new StepFailedException(loss.Refusal($"cannot copy {source} to {target} without losing metadata, so nothing was copied.")) { Retryable = false };
        }

        if (checksum && RsyncPartialFiles.Find(source, target) is { Count: > 0 } partial)
        {
            // An earlier copy was killed mid-file; rsync would leave its partial files behind.
            foreach (var file in partial)
            {
                File.Delete(Path.Combine(target, file));
            }

            context.Report($"removed {partial.Count} partial file(s) a killed rsync left in {target}: {string.Join(", ", partial.Take(10))}{(partial.Count > 10 ? ", …" : string.Empty)}");
        }

        var argv = CopyArgv(source, target, acls: !loss.AclsLost, inventory, loss.LostSpaces, checksum);
        var stats = new RsyncStats();
        var progress = new ProgressThrottle(context.Report);
        context.Report($"copying {source} to {target}");
        var result = await context.RunCommandAsync(
            new CommandRequest(argv)
            {
                AcceptedExitCodes = [],
                OnOutputLine = line =>
                {
                    if (ProgressLine().IsMatch(line))
                    {
                        progress.Offer("rsync: " + line.Trim());
                    }
                    else
                    {
                        stats.Offer(line);
                    }
                },
            },
            cancellationToken);
        if (result.ExitCode != 0)
        {
            // 1-4 are usage and protocol errors no retry fixes; others (no space, I/O, a vanished file) may pass.
            throw new StepFailedException($"{ArgvFormatter.Format(argv)} exited with {result.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "no code"}: {Errors(result)}")
            {
                Retryable = result.ExitCode is not (1 or 2 or 3 or 4),
            };
        }

        context.Report($"copied {stats.RegularFiles} files ({stats.Bytes} bytes, {stats.Entries} entries) to {target}");
        return StepResult.Done(Outputs(stats.RegularFiles, stats.Entries, stats.Bytes, loss.LostXattrs, loss.LostXattrCount, loss.LostAcls, loss.LostAclCount));
    }

    internal static IReadOnlyList<string> CopyArgv(string source, string target, bool acls, MetadataInventory inventory, IReadOnlyList<string> lostSpaces, bool checksum)
    {
        var argv = new List<string> { "rsync", "-aH" };
        if (checksum)
        {
            argv.Add("--checksum");
        }

        if (acls)
        {
            argv.Add("-A");
        }

        var keptSpaces = inventory.XattrNamespaces.Keys.Except(lostSpaces, StringComparer.Ordinal).ToList();
        if (inventory.XattrNamespaces.Count == 0 || keptSpaces.Count > 0)
        {
            argv.Add("-X");
            if (lostSpaces.Count > 0)
            {
                // With any xattr filter rsync stops skipping system.* by itself, so say it too.
                foreach (var space in lostSpaces.Append(CapabilityProbe.SystemNamespace).Distinct(StringComparer.Ordinal))
                {
                    argv.Add($"--filter=-x {space}.*");
                }
            }
        }

        argv.AddRange(["--numeric-ids", "--sparse", "--no-h", "--stats", "--info=progress2", source + "/", target + "/"]);
        return argv;
    }

    private static string Errors(CommandResult result)
    {
        // The progress lines crowd stdout; the errors are on stderr.
        var errors = result.StandardError.Trim();
        return errors.Length > 0 ? errors[Math.Max(0, errors.Length - 1500)..] : result.OutputTail(1500).Trim();
    }

    private static (string Source, string Target) Paths(StepContext context)
    {
        var source = DataPaths.Absolute(context, "source");
        var target = DataPaths.Absolute(context, "target");
        if (DataPaths.IsSameOrBelow(target, source) || DataPaths.IsSameOrBelow(source, target))
        {
            throw new StepFailedException($"source {source} and target {target} overlap; a copy into itself never ends.") { Retryable = false };
        }

        if (!DataPaths.IsDirectory(source))
        {
            throw new StepFailedException($"the source {source} is not a directory{(DataPaths.Exists(source) ? string.Empty : " (it does not exist)")}.") { Retryable = false };
        }

        return (source, target);
    }

    private static JsonObject Outputs(long files, long entries, long bytes, IReadOnlyList<string> lostXattrs, long lostXattrCount, IReadOnlyList<string> lostAcls, long lostAclCount) => new()
    {
        ["files"] = files,
        ["entries"] = entries,
        ["bytes"] = bytes,
        ["lostXattrs"] = new JsonArray(lostXattrs.Select(l => (JsonNode)l).ToArray()),
        ["lostXattrCount"] = lostXattrCount,
        ["lostAcls"] = new JsonArray(lostAcls.Select(l => (JsonNode)l).ToArray()),
        ["lostAclCount"] = lostAclCount,
    };

    /// <summary>An rsync --info=progress2 line: bytes so far, a percentage, a rate, a time.</summary>
    [GeneratedRegex(@"^\s*\d+\s+\d+%\s")]
    private static partial Regex ProgressLine();
}
