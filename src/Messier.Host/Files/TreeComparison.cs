using Messier.Host.Common;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Commands;

namespace Messier.Host.Files;

/// <summary>
/// The one comparison behind CopyTree's "already done?", VerifyTree and RemoveVerifiedCopy, so
/// that "verified" means the same thing everywhere: rsync in dry-run mode with checksums of every
/// file, numeric owners, modes, mtimes (to the second), symlinks, devices, hard links, and unless
/// told otherwise ACLs and xattrs; with --delete so that entries only in the target count too.
/// </summary>
/// <remarks>
/// rsync -H only checks that the source's hard links exist in the target, not that the target has
/// no extra ones, so a second dry run from target to source (metadata only, no checksums) catches
/// files that are linked together in the target but separate in the source. Sparseness is not
/// compared: it is how a filesystem stores zeros, not what the file holds.
/// </remarks>
internal static class TreeComparison
{
    /// <summary>How many differences are kept in words; the rest are only counted.</summary>
    public const int Listed = 20;

    private const string Marker = "~diff ";

    public static IReadOnlyList<string> ForwardArgv(string source, string target, bool xattrsAndAcls) =>
    [
        "rsync", "--dry-run", "-aH", .. (xattrsAndAcls ? new[] { "-A", "-X" } : []),
        "--delete", "--checksum", "--numeric-ids", "--no-h", "--stats", "--out-format=" + Marker + "%i %n%L",
        source + "/", target + "/",
    ];

    /// <param name="sides">What the operator calls the two trees in the differences, default ("the source", "the target").</param>
    public static async Task<TreeComparisonResult> CompareAsync(StepContext context, string source, string target, bool xattrsAndAcls, CancellationToken cancellationToken, (string Source, string Target)? sides = null)
    {
        var names = sides ?? ("the source", "the target");
        if (!DataPaths.IsDirectory(source))
        {
            throw new StepFailedException($"cannot compare: the source {source} is not a directory.") { Retryable = false };
        }

        if (!DataPaths.Exists(target))
        {
            return new TreeComparisonResult([$"{target}: {names.Target} does not exist"], 1, 0, 0, 0);
        }

        if (!DataPaths.IsDirectory(target))
        {
            return new TreeComparisonResult([$"{target}: {names.Target} is not a directory"], 1, 0, 0, 0);
        }

        var differences = new DifferenceList();
        var stats = new RsyncStats();
        await RunAsync(context, ForwardArgv(source, target, xattrsAndAcls), line =>
        {
            if (line.StartsWith(Marker, StringComparison.Ordinal))
            {
                differences.Add(RsyncItemize.Describe(line[Marker.Length..], names));
            }
            else
            {
                stats.Offer(line);
            }
        }, cancellationToken);

        if (differences.Count == 0)
        {
            // Only worth its time when the forward pass found nothing: any difference already fails.
            await RunAsync(
                context,
                ["rsync", "--dry-run", "-aH", "--numeric-ids", "--out-format=" + Marker + "%i %n%L", target + "/", source + "/"],
                line =>
                {
                    if (line.StartsWith(Marker, StringComparison.Ordinal))
                    {
                        var item = line[Marker.Length..];
                        differences.Add(item.StartsWith('h')
                            ? ExtraHardLink(item[(RsyncItemize.Width + 1)..], names)
                            : $"{RsyncItemize.Describe(item, (names.Target, names.Source))} (seen comparing {names.Target} with {names.Source})");
                    }
                },
                cancellationToken);
        }

        return new TreeComparisonResult(differences.Items, differences.Count, stats.Entries, stats.RegularFiles, stats.Bytes);
    }

    private static string ExtraHardLink(string name, (string Source, string Target) names)
    {
        var link = name.LastIndexOf(" => ", StringComparison.Ordinal);
        return link < 0
            ? $"{name}: hard-linked in {names.Target} but not in {names.Source}"
            : $"{name[..link]}: hard-linked to {name[(link + 4)..]} in {names.Target} but not in {names.Source}";
    }

    private static async Task RunAsync(StepContext context, IReadOnlyList<string> argv, Action<string> onLine, CancellationToken cancellationToken)
    {
        var gate = new Lock();
        var result = await context.RunCommandAsync(
            new CommandRequest(argv)
            {
                AcceptedExitCodes = [],
                OnOutputLine = line =>
                {
                    lock (gate)
                    {
                        onLine(line);
                    }
                },
            },
            cancellationToken);
        if (result.ExitCode != 0)
        {
            // 23 and 24 mean some file could not be read or vanished: the comparison is incomplete,
            // which is never "identical".
            throw new StepFailedException($"cannot compare the trees: {ArgvFormatter.Format(argv)} exited with {result.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no code"}: {result.OutputTail(1500).Trim()}");
        }
    }

    private sealed class DifferenceList
    {
        private readonly List<string> items = [];

        public long Count { get; private set; }

        public IReadOnlyList<string> Items => items;

        public void Add(string difference)
        {
            Count++;
            if (items.Count < Listed)
            {
                items.Add(difference);
            }
        }
    }
}
