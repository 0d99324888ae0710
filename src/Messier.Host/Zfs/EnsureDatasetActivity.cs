using System.Text.Json.Nodes;
using Messier.Host.Common;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Commands;
using Messier.Workflows.Definitions;

namespace Messier.Host.Zfs;

/// <summary>
/// Ensures a ZFS dataset exists with its mountpoint and properties. An existing dataset that
/// differs (drift) is reported, never silently changed; a dataset is never created over a
/// non-empty directory, which it would hide.
/// </summary>
public sealed class EnsureDatasetActivity : IStepActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "EnsureDataset",
        ActivityCategory.Host,
        "Ensures a ZFS dataset exists, mounted at its mountpoint, with the given properties. Drift on an existing dataset fails the step (onDrift: fail) or is reported in the outputs (onDrift: report). Outputs: name, mountpoint, created, drift.",
        [
            PropertyDescriptor.Value("name", DataType.String, "The dataset, e.g. messier/docker.") with { Required = true },
            PropertyDescriptor.Value("mountpoint", DataType.String, "Where it is mounted; omit to inherit from the parent."),
            PropertyDescriptor.Value("properties", DataType.Object, "Further properties, e.g. {\"atime\": \"off\"}.") with { ItemType = DataType.String },
            PropertyDescriptor.Value("onDrift", DataType.String, "What an existing dataset with other settings does: fail or report.") with { Default = "fail", AllowedValues = ["fail", "report"] },
        ],
        [ActivityDescriptor.Done]);

    public async Task<Observation> ObserveAsync(StepContext context, CancellationToken cancellationToken)
    {
        var name = context.Inputs.GetString("name");
        var wanted = Wanted(context);
        var query = await context.QueryAsync(["zfs", "get", "-H", "-p", "-o", "property,value,source", string.Join(',', wanted.Keys.Append("mounted")), name], cancellationToken);
        if (query.ExitCode != 0)
        {
            if (ZfsProperties.IsMissingDataset(query.OutputTail()))
            {
                return Observation.Pending($"create dataset {name}{Describe(wanted)}");
            }

            throw new StepFailedException($"cannot read dataset {name}: {query.OutputTail(800).Trim()}");
        }

        var actual = ZfsProperties.Parse(query.StandardOutput);
        var drift = wanted
            .Where(w => !actual.TryGetValue(w.Key, out var have) || have.Value != w.Value)
            .Select(w => $"{w.Key} is {(actual.TryGetValue(w.Key, out var have) ? have.Value : "unset")}, wanted {w.Value}")
            .ToList();
        if (drift.Count > 0 && context.Inputs.GetOptionalString("onDrift") != "report")
        {
            throw new StepFailedException($"dataset {name} exists but differs: {string.Join("; ", drift)}. Change it with 'zfs set', or change the inputs; messier does not change an existing dataset.") { Retryable = false };
        }

        if (actual.TryGetValue("mounted", out var mounted) && mounted.Value != "yes")
        {
            return Observation.Pending($"mount dataset {name}");
        }

        return Observation.Done(drift.Count == 0 ? $"dataset {name} exists as wanted" : $"dataset {name} exists with drift: {string.Join("; ", drift)}", Outputs(name, actual.GetValueOrDefault("mountpoint").Value, created: false, drift));
    }

    public async Task<StepResult> ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        var name = context.Inputs.GetString("name");
        var wanted = Wanted(context);
        var exists = await context.QueryAsync(["zfs", "list", "-H", "-o", "name", name], cancellationToken);
        if (exists.ExitCode == 0)
        {
            // Observed unmounted: mount it, which is all that is missing.
            await context.RunCheckedAsync(["zfs", "mount", name], cancellationToken);
            return StepResult.Done(Outputs(name, wanted.GetValueOrDefault("mountpoint"), created: false, []));
        }

        if (wanted.TryGetValue("mountpoint", out var mountpoint) && Directory.Exists(mountpoint) && Directory.EnumerateFileSystemEntries(mountpoint).Any())
        {
            throw new StepFailedException($"cannot create dataset {name}: its mountpoint {mountpoint} is a non-empty directory, and mounting over it would hide what is there. Move it aside first (the directory-to-dataset flow does this).") { Retryable = false };
        }

        var argv = new List<string> { "zfs", "create", "-p" };
        foreach (var (property, value) in wanted)
        {
            argv.Add("-o");
            argv.Add($"{property}={value}");
        }

        argv.Add(name);
        await context.RunCheckedAsync(argv, cancellationToken);
        var mounted = (await context.RunCheckedAsync(["zfs", "get", "-H", "-o", "value", "mounted", name], cancellationToken)).Trim();
        if (mounted != "yes")
        {
            throw new StepFailedException($"dataset {name} was created but is not mounted ({ArgvFormatter.Format(["zfs", "mount", name])} to see why).");
        }

        return StepResult.Done(Outputs(name, wanted.GetValueOrDefault("mountpoint"), created: true, []));
    }

    private static Dictionary<string, string> Wanted(StepContext context)
    {
        var wanted = new Dictionary<string, string>(context.Inputs.GetStringMap("properties"), StringComparer.Ordinal);
        if (context.Inputs.GetOptionalString("mountpoint") is { } mountpoint)
        {
            wanted["mountpoint"] = mountpoint;
        }

        return wanted;
    }

    private static string Describe(Dictionary<string, string> wanted) =>
        wanted.Count == 0 ? string.Empty : " with " + string.Join(", ", wanted.Select(w => $"{w.Key}={w.Value}"));

    private static JsonObject Outputs(string name, string? mountpoint, bool created, IReadOnlyList<string> drift) => new()
    {
        ["name"] = name,
        ["mountpoint"] = mountpoint,
        ["created"] = created,
        ["drift"] = new JsonArray(drift.Select(d => (JsonNode)d).ToArray()),
    };
}
