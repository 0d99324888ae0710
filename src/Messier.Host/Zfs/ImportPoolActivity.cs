using System.Text.Json.Nodes;
using Messier.Host.Common;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Commands;
using Messier.Workflows.Definitions;

namespace Messier.Host.Zfs;

/// <summary>
/// Imports an existing pool by name (Flow 2). Only a pool zpool lists as importable as is: never
/// with -f, since a pool that needs it may be in use by another host.
/// </summary>
public sealed class ImportPoolActivity : IStepActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "ImportPool",
        ActivityCategory.Host,
        "Ensures a ZFS pool is imported, importing it by name if it is not (its datasets mount as they do on import). Outputs: pool, health, importedNow (false when it already was), unmounted (datasets that should be mounted but are not), message (what zpool import printed).",
        [
            PropertyDescriptor.Value("pool", DataType.String, "The pool's name.") with { Default = "messier" },
            PropertyDescriptor.Value("searchDirectories", DataType.Array, "Directories zpool import searches for drives (-d DIR each); omit for zpool's default.") with { ItemType = DataType.String },
        ],
        [ActivityDescriptor.Done]);

    public async Task<Observation> ObserveAsync(StepContext context, CancellationToken cancellationToken)
    {
        var pool = ZfsNames.RequirePool(context.Inputs.GetString("pool"), "pool");
        var directories = ZpoolQueries.SearchDirectories(context.Inputs);
        if (await context.ImportedHealthAsync(pool, cancellationToken) is { } health)
        {
            return Observation.Done($"pool {pool} is imported ({health})", await OutputsAsync(context, pool, health, importedNow: false, message: null, cancellationToken));
        }

        return Observation.Pending($"import pool {pool}: {ArgvFormatter.Format(Argv(pool, directories))}");
    }

    public async Task<StepResult> ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        var pool = ZfsNames.RequirePool(context.Inputs.GetString("pool"), "pool");
        var directories = ZpoolQueries.SearchDirectories(context.Inputs);
        var listed = await context.ImportableAsync(directories, cancellationToken);
        var named = listed.Where(p => p.Name == pool).ToList();
        if (named.Count == 0)
        {
            var others = listed.Count == 0 ? "none" : string.Join(", ", listed.Select(p => $"{p.Name} ({p.State})"));
            throw new StepFailedException($"pool {pool} is not importable{Where(directories)}; importable pools: {others}.") { Retryable = false };
        }

        if (named.Count > 1)
        {
            throw new StepFailedException($"{named.Count} pools named {pool} are importable{Where(directories)} (ids {string.Join(", ", named.Select(p => p.Id))}); messier will not guess which one. Import the right one by id with 'zpool import ID'.") { Retryable = false };
        }

        if (!named[0].Importable)
        {
            throw new StepFailedException($"pool {pool} is listed as {named[0].State} and cannot be imported as is: {named[0].Action}") { Retryable = false };
        }

        var argv = Argv(pool, directories);
        var result = await context.QueryAsync(argv, cancellationToken);

        // zpool import can import the pool and still exit non-zero when a dataset fails to mount:
        // whether the pool is imported is the answer, and the message goes into the outputs.
        var health = await context.ImportedHealthAsync(pool, cancellationToken)
            ?? throw new StepFailedException($"{ArgvFormatter.Format(argv)} exited with {result.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no code"} and pool {pool} is not imported: {result.OutputTail(1500).Trim()}");
        var message = result.OutputTail(1500).Trim();
        return StepResult.Done(await OutputsAsync(context, pool, health, importedNow: true, message.Length == 0 ? null : message, cancellationToken));
    }

    private static List<string> Argv(string pool, IReadOnlyList<string> directories) =>
        ["zpool", "import", .. ZpoolQueries.SearchArguments(directories), pool];

    private static string Where(IReadOnlyList<string> directories) =>
        directories.Count == 0 ? string.Empty : $" from {string.Join(", ", directories)}";

    private static async Task<JsonObject> OutputsAsync(StepContext context, string pool, string health, bool importedNow, string? message, CancellationToken cancellationToken)
    {
        var unmounted = await ZfsMounts.UnmountedAsync(context, pool, cancellationToken);
        return new JsonObject
        {
            ["pool"] = pool,
            ["health"] = health,
            ["importedNow"] = importedNow,
            ["unmounted"] = new JsonArray(unmounted.Select(d => (JsonNode)d).ToArray()),
            ["message"] = message,
        };
    }
}
