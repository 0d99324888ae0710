using Messier.Host.Common;
using Messier.Workflows.Activities.Contracts;

namespace Messier.Host.Zfs;

/// <summary>
/// ZFS's naming rules, checked before any command runs: a name that starts with '-' would reach
/// zpool or zfs as an option, and a name zfs refuses anyway is better refused with a clear reason.
/// The rules follow OpenZFS's zfs_namecheck.c, without the space it allows.
/// </summary>
internal static class ZfsNames
{
    /// <summary>ZFS_MAX_DATASET_NAME_LEN less its terminating NUL.</summary>
    public const int MaxLength = 255;

    public static string? PoolProblem(string name)
    {
        if (CommonProblem(name) is { } problem)
        {
            return problem;
        }

        if (ComponentProblem(name) is { } characters)
        {
            return characters;
        }

        if (!char.IsAsciiLetter(name[0]))
        {
            return "a pool name starts with a letter";
        }

        // zpool reads these as vdev keywords or (on Solaris) disk names.
        foreach (var reserved in (string[])["mirror", "raidz", "draid", "spare"])
        {
            if (name.StartsWith(reserved, StringComparison.Ordinal))
            {
                return $"pool names starting with '{reserved}' are reserved";
            }
        }

        if (name == "log")
        {
            return "'log' is reserved";
        }

        return name.Length > 1 && name[0] == 'c' && char.IsAsciiDigit(name[1]) ? "pool names like c0… are reserved (they look like disks)" : null;
    }

    public static string? DatasetProblem(string name)
    {
        if (CommonProblem(name) is { } problem)
        {
            return problem;
        }

        if (name.Contains('@', StringComparison.Ordinal))
        {
            return "a dataset name has no '@' (that makes it a snapshot)";
        }

        var components = name.Split('/');
        if (PoolProblem(components[0]) is { } pool)
        {
            return $"its pool part '{components[0]}' is invalid: {pool}";
        }

        foreach (var component in components.Skip(1))
        {
            if (ComponentProblem(component) is { } bad)
            {
                return bad;
            }
        }

        return null;
    }

    public static string? SnapshotProblem(string name)
    {
        if (CommonProblem(name) is { } problem)
        {
            return problem;
        }

        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at < 0 || name.IndexOf('@', at + 1) >= 0)
        {
            return "a snapshot name is dataset@snapshot, with one '@'";
        }

        if (DatasetProblem(name[..at]) is { } dataset)
        {
            return $"its dataset part '{name[..at]}' is invalid: {dataset}";
        }

        return ComponentProblem(name[(at + 1)..]);
    }

    /// <summary>Throws a non-retryable failure unless <paramref name="name"/> is a valid pool name.</summary>
    public static string RequirePool(string name, string property) => Require(name, property, "pool", PoolProblem(name));

    public static string RequireDataset(string name, string property) => Require(name, property, "dataset", DatasetProblem(name));

    public static string RequireSnapshot(string name, string property) => Require(name, property, "snapshot", SnapshotProblem(name));

    private static string Require(string name, string property, string kind, string? problem) =>
        problem is null
            ? name
            : throw new StepFailedException($"{property} '{Printable.Show(name)}' is not a valid ZFS {kind} name: {problem}. Nothing was run.") { Retryable = false };

    private static string? CommonProblem(string name)
    {
        if (name.Length == 0)
        {
            return "it is empty";
        }

        return name.Length > MaxLength ? $"it is longer than {MaxLength} characters" : null;
    }

    private static string? ComponentProblem(string component)
    {
        if (component.Length == 0)
        {
            return "it has an empty component (a leading, trailing or doubled '/')";
        }

        if (component is "." or "..")
        {
            return $"'{component}' is not allowed as a component";
        }

        if (component[0] == '-')
        {
            return "a component may not start with '-' (zfs would read it as an option)";
        }

        foreach (var c in component)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':'))
            {
                return $"'{Printable.Show(c.ToString())}' is not allowed (only letters, digits, '_', '-', '.' and ':')";
            }
        }

        return null;
    }
}
