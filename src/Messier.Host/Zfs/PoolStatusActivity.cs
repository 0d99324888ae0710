using System.Text.Json.Nodes;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Definitions;

namespace Messier.Host.Zfs;

/// <summary>
/// Answers the flows' first questions: is pool "messier" imported, and if not, can it or another
/// pool be imported? Read-only: it only observes, and its outputs steer the flow.
/// </summary>
public sealed class PoolStatusActivity : IStepActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "PoolStatus",
        ActivityCategory.Host,
        "Reads whether a ZFS pool is imported or importable; changes nothing. Outputs: pool, imported, health (when imported), importable (the named pool can be imported as is), otherImportable (names of other importable pools), importablePools (every pool zpool import lists, with id, state, importable, action), state (the imported pool's health, else the listed state, else absent).",
        [
            PropertyDescriptor.Value("pool", DataType.String, "The pool's name.") with { Default = "messier" },
            PropertyDescriptor.Value("searchDirectories", DataType.Array, "Directories zpool import searches for drives (-d DIR each), e.g. /dev/disk/by-id or a folder of file-backed drives; omit for zpool's default.") with { ItemType = DataType.String },
        ],
        [ActivityDescriptor.Done]);

    public async Task<Observation> ObserveAsync(StepContext context, CancellationToken cancellationToken)
    {
        var pool = ZfsNames.RequirePool(context.Inputs.GetString("pool"), "pool");
        var directories = ZpoolQueries.SearchDirectories(context.Inputs);
        var health = await context.ImportedHealthAsync(pool, cancellationToken);
        var listed = await context.ImportableAsync(directories, cancellationToken);
        var named = listed.Where(p => p.Name == pool).ToList();
        var importable = named.Any(p => p.Importable);
        var others = listed.Where(p => p.Name != pool && p.Importable).Select(p => p.Name).Distinct(StringComparer.Ordinal).ToList();
        var state = health ?? named.FirstOrDefault()?.State ?? "absent";

        var outputs = new JsonObject
        {
            ["pool"] = pool,
            ["imported"] = health is not null,
            ["health"] = health,
            ["importable"] = importable,
            ["otherImportable"] = new JsonArray(others.Select(n => (JsonNode)n).ToArray()),
            ["importablePools"] = new JsonArray(listed.Select(p => (JsonNode)p.ToJson()).ToArray()),
            ["state"] = state,
        };
        var detail = health is not null
            ? $"pool {pool} is imported ({health})"
            : importable ? $"pool {pool} is not imported but can be imported" : $"pool {pool} is neither imported nor importable";
        if (others.Count > 0)
        {
            detail += $"; other importable pools: {string.Join(", ", others)}";
        }

        return Observation.Done(detail, outputs);
    }

    public Task<StepResult> ApplyAsync(StepContext context, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("PoolStatus is read-only: its observe always completes it, so there is nothing to apply.");
}
