using System.Text.Json.Nodes;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Definitions;

namespace Messier.Host.Zfs;

/// <summary>
/// Reads, without changing anything, which datasets exist and whether and where they are
/// mounted, so a flow can branch on it (skip a conversion already done, roll back one half done)
/// instead of a step failing on a dataset that is not there.
/// </summary>
public sealed class DatasetStatusActivity : IStepActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "DatasetStatus",
        ActivityCategory.Host,
        "Reads, with one zfs list and without changing anything, whether ZFS datasets exist and how they are mounted; a missing dataset (or pool) is an answer, not a failure. Outputs: datasets (object: name → {exists, mounted, mountpoint (the property: a path, none or legacy; null when missing), canmount (null when missing)}), existing and missing (names in input order), allExist.",
        [
            PropertyDescriptor.Value("datasets", DataType.Array, "The datasets, e.g. [\"tank/docker\", \"tank/apps\"]; may be empty.") with { Required = true, ItemType = DataType.String },
        ],
        [ActivityDescriptor.Done]);

    public async Task<Observation> ObserveAsync(StepContext context, CancellationToken cancellationToken)
    {
        var names = context.Inputs.GetStringList("datasets")
            .Select((name, i) => ZfsNames.RequireDataset(name, $"datasets[{i}]"))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var (found, missing) = await DatasetListing.ListAsync(context, names, recursive: false, cancellationToken);
        var datasets = new JsonObject();
        foreach (var name in names)
        {
            var state = found.FirstOrDefault(s => s.Name == name);
            datasets[name] = new JsonObject
            {
                ["exists"] = state is not null,
                ["mounted"] = state?.Mounted ?? false,
                ["mountpoint"] = state?.Mountpoint,
                ["canmount"] = state?.Canmount,
            };
        }

        var existing = names.Where(name => !missing.Contains(name)).ToList();
        return Observation.Done(
            missing.Count == 0 ? $"all {names.Count} datasets exist" : $"{missing.Count} of {names.Count} datasets do not exist: {string.Join(", ", missing)}",
            new JsonObject
            {
                ["datasets"] = datasets,
                ["existing"] = new JsonArray(existing.Select(n => (JsonNode)n).ToArray()),
                ["missing"] = new JsonArray(missing.Select(n => (JsonNode)n).ToArray()),
                ["allExist"] = missing.Count == 0,
            });
    }

    public Task<StepResult> ApplyAsync(StepContext context, CancellationToken cancellationToken) =>
        throw new StepFailedException("DatasetStatus has nothing to apply: its observe always reports what it found.") { Retryable = false };
}
