using System.Globalization;
using System.Text.Json.Nodes;
using Messier.Host.Common;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Definitions;

namespace Messier.Host.Files;

/// <summary>
/// Ensures a path (and with recursive, everything below it) is owned by a user and group, given
/// by name or number. Names are resolved through NSS (getent), so LDAP users work; a number is
/// used as it is, with or without a passwd entry, because restored and copied data often carries
/// ids of users that exist only in a container. Symlinks themselves are changed, never what they
/// point to, so a link in the tree cannot hand ownership of a file elsewhere on the host.
/// </summary>
public sealed class EnsureOwnershipActivity : IStepActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "EnsureOwnership",
        ActivityCategory.Host,
        "Ensures a path is owned by a user and group (names resolved with getent, numbers used as they are, even without a passwd entry). With recursive, everything below it too; symlinks are changed themselves, not followed. Observed done when nothing differs. A user or group that does not exist fails the step. Outputs: path, uid, gid, changed.",
        [
            PropertyDescriptor.Value("path", DataType.String, "The file or directory (absolute).") with { Required = true },
            PropertyDescriptor.Value("owner", DataType.String, "User name or numeric uid.") with { Required = true },
            PropertyDescriptor.Value("group", DataType.String, "Group name or numeric gid; omit to leave the group as it is."),
            PropertyDescriptor.Value("recursive", DataType.Boolean, "Also everything below the path (not following symlinks).") with { Default = false },
        ],
        [ActivityDescriptor.Done]);

    public async Task<Observation> ObserveAsync(StepContext context, CancellationToken cancellationToken)
    {
        var wanted = await WantedAsync(context, cancellationToken);
        var mismatch = await FirstMismatchAsync(context, wanted, cancellationToken);
        return mismatch is null
            ? Observation.Done($"{wanted.Path} is owned by {wanted.Describe()}", Outputs(wanted, changed: false))
            : Observation.Pending($"chown {(wanted.Recursive ? "-R " : string.Empty)}{wanted.Describe()} {wanted.Path} ({mismatch})");
    }

    public async Task<StepResult> ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        var wanted = await WantedAsync(context, cancellationToken);
        var argv = new List<string> { "chown" };
        if (wanted.Recursive)
        {
            argv.AddRange(["-R", "-P"]);
        }

        argv.AddRange(["--no-dereference", "--", wanted.Spec, wanted.Path]);
        await context.RunCheckedAsync(argv, cancellationToken);
        return StepResult.Done(Outputs(wanted, changed: true));
    }

    private static async Task<string?> FirstMismatchAsync(StepContext context, Ownership wanted, CancellationToken cancellationToken)
    {
        if (!wanted.Recursive)
        {
            var stat = (await context.RunCheckedAsync(["stat", "-c", "%u:%g", "--", wanted.Path], cancellationToken)).Trim();
            var have = stat.Split(':');
            var uidOk = have[0] == wanted.Uid.ToString(CultureInfo.InvariantCulture);
            var gidOk = wanted.Gid is null || have[1] == wanted.Gid.Value.ToString(CultureInfo.InvariantCulture);
            return uidOk && gidOk ? null : $"now {stat}";
        }

        // find prints the first entry owned otherwise and stops; it does not follow symlinks.
        var test = new List<string> { "find", wanted.Path, "(", "!", "-uid", wanted.Uid.ToString(CultureInfo.InvariantCulture) };
        if (wanted.Gid is { } gid)
        {
            test.AddRange(["-o", "!", "-gid", gid.ToString(CultureInfo.InvariantCulture)]);
        }

        test.AddRange([")", "-print", "-quit"]);
        var first = (await context.RunCheckedAsync(test, cancellationToken)).TrimEnd('\n');
        return first.Length == 0 ? null : $"first differing: {first}";
    }

    private static async Task<Ownership> WantedAsync(StepContext context, CancellationToken cancellationToken)
    {
        var path = DataPaths.Absolute(context, "path");
        if (!DataPaths.Exists(path))
        {
            throw new StepFailedException($"{path} does not exist.") { Retryable = false };
        }

        var owner = context.Inputs.GetString("owner");
        var group = context.Inputs.GetOptionalString("group");
        var uid = await UnixAccounts.RequireUserAsync(context, owner, cancellationToken);
        long? gid = group is null ? null : await UnixAccounts.RequireGroupAsync(context, group, cancellationToken);
        return new Ownership(path, owner, group, uid, gid, context.Inputs.GetBoolean("recursive", false));
    }

    private static JsonObject Outputs(Ownership wanted, bool changed) => new()
    {
        ["path"] = wanted.Path,
        ["uid"] = wanted.Uid,
        ["gid"] = wanted.Gid,
        ["changed"] = changed,
    };

    private sealed record Ownership(string Path, string Owner, string? Group, long Uid, long? Gid, bool Recursive)
    {
        /// <summary>The numeric uid[:gid] given to chown, so it never looks a name up differently than we did.</summary>
        public string Spec => Gid is { } gid
            ? $"{Uid.ToString(CultureInfo.InvariantCulture)}:{gid.ToString(CultureInfo.InvariantCulture)}"
            : Uid.ToString(CultureInfo.InvariantCulture);

        public string Describe() => Group is null ? $"{Owner} ({Uid})" : $"{Owner}:{Group} ({Spec})";
    }
}
