using System.Globalization;
using System.Text.Json.Nodes;
using Messier.Host.Common;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Definitions;

namespace Messier.Host.Files;

/// <summary>
/// Ensures a directory exists with an owner, group and mode, e.g. the empty directory a service
/// expects before its data is restored into it. Only the directory itself is ever changed: parents
/// it creates keep the defaults, and an existing file or symlink in its place fails the step
/// instead of being replaced or followed, since either may be data or point at data elsewhere.
/// </summary>
public sealed class EnsureDirectoryActivity : IStepActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "EnsureDirectory",
        ActivityCategory.Host,
        "Ensures a directory exists (creating it and missing parents) with the given owner, group and mode; only the directory itself is changed, and owner, group and mode only where they differ. Names are resolved with getent, numbers used as they are. A file or symlink at the path fails the step (no retry) and is left alone. Observed done when the directory exists as wanted. Outputs: path, created.",
        [
            PropertyDescriptor.Value("path", DataType.String, "The directory (absolute).") with { Required = true },
            PropertyDescriptor.Value("owner", DataType.String, "User name or numeric uid; omit to leave the owner as it is (root for a new directory)."),
            PropertyDescriptor.Value("group", DataType.String, "Group name or numeric gid; omit to leave the group as it is."),
            PropertyDescriptor.Value("mode", DataType.String, "Octal permissions, e.g. \"0755\" or \"2770\"; omit to leave them as they are (the umask's for a new directory)."),
        ],
        [ActivityDescriptor.Done]);

    public async Task<Observation> ObserveAsync(StepContext context, CancellationToken cancellationToken)
    {
        var wanted = await WantedAsync(context, cancellationToken);
        if (!DirectoryExists(wanted.Path))
        {
            return Observation.Pending($"create {wanted.Path}{wanted.Describe()}");
        }

        var changes = Changes(wanted, await StatAsync(context, wanted.Path, cancellationToken));
        return changes.Count == 0
            ? Observation.Done($"{wanted.Path} exists{wanted.Describe()}", Outputs(wanted.Path, created: false))
            : Observation.Pending($"set {string.Join(", ", changes)} on {wanted.Path}");
    }

    public async Task<StepResult> ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        var wanted = await WantedAsync(context, cancellationToken);
        var created = !DirectoryExists(wanted.Path);
        if (created)
        {
            await context.RunCheckedAsync(["mkdir", "-p", "--", wanted.Path], cancellationToken, retryable: false);
            context.Report($"created {wanted.Path}");
        }

        // Read back even after mkdir: the umask decided the new directory's mode.
        var have = await StatAsync(context, wanted.Path, cancellationToken);
        if ((wanted.Uid is { } uid && uid != have.Uid) || (wanted.Gid is { } gid && gid != have.Gid))
        {
            var spec = (wanted.Uid?.ToString(CultureInfo.InvariantCulture) ?? string.Empty) + (wanted.Gid is { } g ? ":" + g.ToString(CultureInfo.InvariantCulture) : string.Empty);
            await context.RunCheckedAsync(["chown", "--no-dereference", "--", spec, wanted.Path], cancellationToken);
        }

        if (wanted.Mode is { } mode && mode != have.Mode)
        {
            // Five digits: GNU chmod keeps a directory's setuid and setgid bits for a shorter
            // numeric mode, so "0755" would leave a 2770 directory at 2755.
            await context.RunCheckedAsync(["chmod", "0" + Convert.ToString(mode, 8).PadLeft(4, '0'), "--", wanted.Path], cancellationToken);
        }

        return StepResult.Done(Outputs(wanted.Path, created));
    }

    /// <summary>Whether a directory is there; anything else at the path fails the step.</summary>
    private static bool DirectoryExists(string path)
    {
        if (!DataPaths.Exists(path))
        {
            return false;
        }

        if (DataPaths.IsSymlink(path))
        {
            throw new StepFailedException($"{path} is a symlink (to {new FileInfo(path).LinkTarget}), not a directory; messier does not follow or replace it. Remove it or point the flow at a directory.") { Retryable = false };
        }

        return DataPaths.IsDirectory(path)
            ? true
            : throw new StepFailedException($"{path} is a file, not a directory; messier does not replace it, since it may hold data. Move it away or point the flow at a directory.") { Retryable = false };
    }

    private static List<string> Changes(Wanted wanted, (long Uid, long Gid, int Mode) have)
    {
        var changes = new List<string>();
        if (wanted.Uid is { } uid && uid != have.Uid)
        {
            changes.Add($"owner {wanted.Owner} (now uid {have.Uid})");
        }

        if (wanted.Gid is { } gid && gid != have.Gid)
        {
            changes.Add($"group {wanted.Group} (now gid {have.Gid})");
        }

        if (wanted.Mode is { } mode && mode != have.Mode)
        {
            changes.Add($"mode {Octal(mode)} (now {Octal(have.Mode)})");
        }

        return changes;
    }

    private static async Task<(long Uid, long Gid, int Mode)> StatAsync(StepContext context, string path, CancellationToken cancellationToken)
    {
        var fields = (await context.RunCheckedAsync(["stat", "-c", "%u:%g:%a", "--", path], cancellationToken)).Trim().Split(':');
        return (long.Parse(fields[0], CultureInfo.InvariantCulture), long.Parse(fields[1], CultureInfo.InvariantCulture), Convert.ToInt32(fields[2], 8));
    }

    private static async Task<Wanted> WantedAsync(StepContext context, CancellationToken cancellationToken)
    {
        var path = DataPaths.Absolute(context, "path");
        if (path == "/")
        {
            throw new StepFailedException("refusing to manage / as a directory of a flow.") { Retryable = false };
        }

        var owner = context.Inputs.GetOptionalString("owner");
        var group = context.Inputs.GetOptionalString("group");
        var mode = context.Inputs.GetOptionalString("mode") is { } text ? ParseMode(text) : (int?)null;
        long? uid = owner is null ? null : await UnixAccounts.RequireUserAsync(context, owner, cancellationToken);
        long? gid = group is null ? null : await UnixAccounts.RequireGroupAsync(context, group, cancellationToken);
        return new Wanted(path, owner, group, uid, gid, mode);
    }

    private static int ParseMode(string text)
    {
        // Octal only, up to the setuid/setgid/sticky digit: "755", "0755", "2770", "02770".
        if (text.Length is < 3 or > 5 || !text.All(c => c is >= '0' and <= '7') || Convert.ToInt32(text, 8) > 0b111_111_111_111)
        {
            throw new StepFailedException($"mode '{Printable.Show(text)}' is not an octal mode like \"0755\" or \"2770\".") { Retryable = false };
        }

        return Convert.ToInt32(text, 8);
    }

    private static string Octal(int mode) => "0" + Convert.ToString(mode, 8).PadLeft(3, '0');

    private static JsonObject Outputs(string path, bool created) => new()
    {
        ["path"] = path,
        ["created"] = created,
    };

    private sealed record Wanted(string Path, string? Owner, string? Group, long? Uid, long? Gid, int? Mode)
    {
        public string Describe()
        {
            var parts = new List<string>();
            if (Owner is not null)
            {
                parts.Add($"owner {Owner} ({Uid})");
            }

            if (Group is not null)
            {
                parts.Add($"group {Group} ({Gid})");
            }

            if (Mode is { } mode)
            {
                parts.Add($"mode {Octal(mode)}");
            }

            return parts.Count == 0 ? string.Empty : " with " + string.Join(", ", parts);
        }
    }
}
