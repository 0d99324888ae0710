using System.Text.Json;
using System.Text.Json.Nodes;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Commands;

namespace Messier.Host.Common;

/// <summary>
/// The kernel's mount table, asked of findmnt (so the journal shows what was looked at). Unlike
/// <c>stat -c %m</c>, which walks up until the device changes, findmnt reads the table itself
/// and so also sees bind mounts of a directory of the same filesystem.
/// </summary>
internal static class MountTable
{
    private static readonly string[] Columns = ["-J", "-l", "-o", "TARGET,FSTYPE,SOURCE"];

    /// <summary>The filesystem holding <paramref name="path"/>, which must exist; findmnt follows a final symlink, so give a symlink's directory instead.</summary>
    public static async Task<MountEntry> HoldingAsync(StepContext context, string path, CancellationToken cancellationToken) =>
        await FindAsync(context, ["findmnt", .. Columns, "-T", path], cancellationToken)
        ?? throw new StepFailedException($"findmnt names no filesystem holding {path}.");

    /// <summary>The filesystem mounted at <paramref name="path"/> (the topmost of any stacked there), or null when it is not a mountpoint.</summary>
    public static Task<MountEntry?> MountedAtAsync(StepContext context, string path, CancellationToken cancellationToken) =>
        FindAsync(context, ["findmnt", .. Columns, "--mountpoint", path], cancellationToken);

    private static async Task<MountEntry?> FindAsync(StepContext context, IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        var result = await context.QueryAsync(argv, cancellationToken);

        // findmnt answers "none found" with 1 and no output; anything else is a failure to ask.
        if (result.ExitCode == 1 && result.StandardOutput.Trim().Length == 0 && result.StandardError.Trim().Length == 0)
        {
            return null;
        }

        if (result.ExitCode != 0)
        {
            throw new StepFailedException($"cannot read the mount table: {ArgvFormatter.Format(argv)} exited with {result.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no code"}: {result.OutputTail(500).Trim()}");
        }

        try
        {
            // Mounts stacked on one target are listed in the order they were made; the last one is what a path reaches.
            var last = JsonNode.Parse(result.StandardOutput)?["filesystems"]?.AsArray().LastOrDefault();
            return last is null
                ? null
                : new MountEntry(
                    last["target"]?.GetValue<string>() ?? string.Empty,
                    last["fstype"]?.GetValue<string>() ?? string.Empty,
                    last["source"]?.GetValue<string>() ?? string.Empty);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw new StepFailedException($"cannot read the mount table: {ArgvFormatter.Format(argv)} printed what is not findmnt's JSON: {ex.Message}");
        }
    }
}
