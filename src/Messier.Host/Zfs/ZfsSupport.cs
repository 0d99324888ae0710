using Messier.Host.Common;
using Messier.Workflows.Activities.Contracts;

namespace Messier.Host.Zfs;

/// <summary>
/// What this host's ZFS supports: both property tables and the implementation. Shared by the
/// preflight and by CreatePool, which refuses unsupported properties before it looks at a drive.
/// </summary>
internal sealed class ZfsSupport
{
    private ZfsSupport(ZfsPropertyTable pool, ZfsPropertyTable filesystem, ZfsImplementation implementation)
    {
        Pool = pool;
        Filesystem = filesystem;
        Implementation = implementation;
    }

    public ZfsPropertyTable Pool { get; }

    public ZfsPropertyTable Filesystem { get; }

    public ZfsImplementation Implementation { get; }

    public static async Task<ZfsSupport> ReadAsync(StepContext context, CancellationToken cancellationToken)
    {
        // Without arguments both print their usage and property table and exit 2: that table is the answer.
        var pool = await ReadTableAsync(context, ["zpool", "get"], cancellationToken);
        var filesystem = await ReadTableAsync(context, ["zfs", "get"], cancellationToken);
        return new ZfsSupport(pool, filesystem, await ZfsImplementation.DetectAsync(context, cancellationToken));
    }

    /// <summary>Every problem with these properties, in input order; empty when all are accepted.</summary>
    public IReadOnlyList<string> Problems(IReadOnlyDictionary<string, string> poolProperties, IReadOnlyDictionary<string, string> filesystemProperties, string? where = null)
    {
        var suffix = where is null ? string.Empty : $" (for {where})";
        var problems = new List<string>();
        foreach (var (name, value) in poolProperties)
        {
            if (Pool.Problem("pool", name, value, Implementation.Description) is { } problem)
            {
                problems.Add(problem + suffix);
            }
        }

        foreach (var (name, value) in filesystemProperties)
        {
            if (Filesystem.Problem("filesystem", name, value, Implementation.Description) is { } problem)
            {
                problems.Add(problem + suffix);
            }
        }

        return problems;
    }

    private static async Task<ZfsPropertyTable> ReadTableAsync(StepContext context, IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        var result = await context.QueryAsync(argv, cancellationToken);
        var table = ZfsPropertyTable.Parse(result.StandardOutput + "\n" + result.StandardError);
        if (table.Rules.Count == 0)
        {
            throw new StepFailedException($"cannot tell which properties this ZFS supports: '{string.Join(' ', argv)}' printed no property table (exit {result.ExitCode}): {result.OutputTail(600).Trim()}") { Retryable = false };
        }

        return table;
    }
}
