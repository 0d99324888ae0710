using Messier.Host.Common;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Commands;

namespace Messier.Host.Zfs;

/// <summary>
/// Mount state of datasets from one <c>zfs list</c>, for any number of names at once. zfs lists
/// the names that exist and complains about each that does not, so a missing dataset is an
/// answer here, not an error; any other complaint is.
/// </summary>
internal static class DatasetListing
{
    private const string Missing = "dataset does not exist";

    /// <summary>The state of each name that exists (and with <paramref name="recursive"/>, of every dataset below it), and the names that do not.</summary>
    public static async Task<(IReadOnlyList<DatasetMountState> Found, IReadOnlyList<string> Missing)> ListAsync(StepContext context, IReadOnlyList<string> names, bool recursive, CancellationToken cancellationToken)
    {
        if (names.Count == 0)
        {
            return ([], []);
        }

        // No -p: zfs-fuse's list lacks it, and none of these properties is a number.
        IReadOnlyList<string> argv = ["zfs", "list", "-H", .. (recursive ? new[] { "-r" } : []), "-t", "filesystem,volume", "-o", "name,mounted,mountpoint,canmount", .. names];
        var result = await context.QueryAsync(argv, cancellationToken);
        var found = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Where(fields => fields.Length >= 4)
            .Select(fields => new DatasetMountState(fields[0], fields[1] == "yes", Value(fields[2]), Value(fields[3])))
            .ToList();
        var missing = names.Where(name => !found.Any(state => state.Name == name)).ToList();
        if (result.ExitCode != 0)
        {
            // Every complaint must be one of ours missing; "permission denied" or a daemon that
            // does not answer is not an answer about the dataset.
            var complaints = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var explained = complaints.All(line => line.Contains(Missing, StringComparison.Ordinal) && missing.Any(name => line.Contains($"'{name}'", StringComparison.Ordinal)));
            if (complaints.Length == 0 || !explained || missing.Count == 0)
            {
                throw new StepFailedException($"cannot read the datasets: {ArgvFormatter.Format(argv)} exited with {result.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no code"}: {result.OutputTail(800).Trim()}");
            }
        }

        return (found, missing);
    }

    /// <summary>zfs prints "-" for a property that does not apply.</summary>
    private static string? Value(string field) => field == "-" ? null : field;
}
