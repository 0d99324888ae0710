using System.Text.Json;
using System.Text.Json.Nodes;
using Messier.Host.Common;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Definitions;

namespace Messier.Host.Zfs;

/// <summary>
/// Checks, before a flow touches anything, that this host's ZFS supports every property the flow
/// will set: the seed's defaults (autotrim, lz4) do not exist on older builds such as zfs-fuse,
/// and finding that out half way through a migration is the wrong time. Read-only.
/// </summary>
public sealed class ZfsPreflightActivity : IStepActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "ZfsPreflight",
        ActivityCategory.Host,
        "Checks that this host's ZFS supports the given pool, filesystem and dataset properties and values, as listed by 'zpool get' and 'zfs get' themselves; changes nothing. Every problem is reported at once in one failure. Outputs: ok, zfs (name, version, poolVersion, featureFlags, description), checked (how many properties).",
        [
            PropertyDescriptor.Value("poolProperties", DataType.Object, "Pool properties (zpool create -o), e.g. {\"ashift\": \"13\", \"autotrim\": \"on\"}.") with { ItemType = DataType.String },
            PropertyDescriptor.Value("filesystemProperties", DataType.Object, "Root filesystem properties (zpool create -O), e.g. {\"compression\": \"lz4\", \"atime\": \"off\"}.") with { ItemType = DataType.String },
            PropertyDescriptor.Value("datasets", DataType.Object, "Datasets' properties: dataset name to an object of properties, e.g. {\"messier/docker\": {\"recordsize\": \"16K\"}}."),
        ],
        [ActivityDescriptor.Done]);

    public async Task<Observation> ObserveAsync(StepContext context, CancellationToken cancellationToken)
    {
        var poolProperties = ZfsPropertyInputs.Read(context.Inputs, "poolProperties");
        var filesystemProperties = ZfsPropertyInputs.Read(context.Inputs, "filesystemProperties");
        var datasets = ReadDatasets(context.Inputs.Get("datasets"));

        var support = await ZfsSupport.ReadAsync(context, cancellationToken);
        var problems = new List<string>(support.Problems(poolProperties, filesystemProperties));
        foreach (var (dataset, properties) in datasets)
        {
            if (ZfsNames.DatasetProblem(dataset) is { } bad)
            {
                problems.Add($"'{Printable.Show(dataset)}' is not a valid ZFS dataset name: {bad}");
                continue;
            }

            problems.AddRange(support.Problems(new Dictionary<string, string>(), properties, dataset));
        }

        if (problems.Count > 0)
        {
            throw new StepFailedException(
                $"ZFS preflight found {problems.Count} problem{(problems.Count == 1 ? string.Empty : "s")} on this ZFS ({support.Implementation.Description}):\n- {string.Join("\n- ", problems)}")
            {
                Retryable = false,
            };
        }

        var checkedCount = poolProperties.Count + filesystemProperties.Count + datasets.Sum(d => d.Value.Count);
        return Observation.Done(
            $"{checkedCount} properties are supported by this ZFS ({support.Implementation.Description})",
            new JsonObject
            {
                ["ok"] = true,
                ["zfs"] = support.Implementation.ToJson(),
                ["checked"] = checkedCount,
            });
    }

    public Task<StepResult> ApplyAsync(StepContext context, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("ZfsPreflight is read-only: it either observes everything supported or fails, so there is nothing to apply.");

    private static List<KeyValuePair<string, IReadOnlyDictionary<string, string>>> ReadDatasets(JsonNode? node)
    {
        var datasets = new List<KeyValuePair<string, IReadOnlyDictionary<string, string>>>();
        if (node is null)
        {
            return datasets;
        }

        if (node is not JsonObject obj)
        {
            throw new StepFailedException("datasets must be an object of dataset name to an object of properties.") { Retryable = false };
        }

        foreach (var (dataset, value) in obj)
        {
            if (value is not JsonObject properties)
            {
                throw new StepFailedException($"datasets.{dataset} must be an object of properties.") { Retryable = false };
            }

            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, raw) in properties)
            {
                if (raw is not JsonValue text || text.GetValueKind() != JsonValueKind.String)
                {
                    throw new StepFailedException($"datasets.{dataset}.{name} must be a string.") { Retryable = false };
                }

                if (ZfsPropertyInputs.NameProblem(name) is { } problem)
                {
                    throw new StepFailedException($"datasets.{dataset}: '{Printable.Show(name)}' is not a ZFS property name: {problem}.") { Retryable = false };
                }

                map[name] = text.GetValue<string>();
            }

            datasets.Add(new(dataset, map));
        }

        return datasets;
    }
}
