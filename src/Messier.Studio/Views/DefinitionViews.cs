using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Messier.Workflows.Definitions;
using Messier.Workflows.Journal;

namespace Messier.Studio.Views;

/// <summary>
/// Pinned definitions loaded and turned into graphs once per hash: a pinned definition never
/// changes, and loading one (validation, expression parsing) costs more than the rest of a page.
/// </summary>
internal sealed class DefinitionViews(DefinitionLoader loader)
{
    private readonly ConcurrentDictionary<string, PinnedView> pinned = new(StringComparer.Ordinal);

    public async Task<PinnedView?> PinnedAsync(IWorkflowJournal journal, string hash, CancellationToken cancellationToken)
    {
        if (pinned.TryGetValue(hash, out var cached))
        {
            return cached;
        }

        var definition = await journal.FindDefinitionAsync(hash, cancellationToken);
        if (definition is null)
        {
            return null;
        }

        var load = loader.Load(definition.Json, definition.Path);
        var view = new PinnedView(definition, load.Definition, load.Definition is { } loaded ? DefinitionGraph.Build(loaded) : null, load.Errors.Select(e => e.ToString()).ToList());
        return pinned.GetOrAdd(hash, view);
    }

    public static JsonObject Summary(StudioDefinition entry) => new()
    {
        ["name"] = entry.Name,
        ["path"] = entry.Path,
        ["valid"] = entry.Load.IsValid,
        ["shadowed"] = entry.Shadowed,
        ["definitionName"] = entry.Load.Definition?.Name,
        ["description"] = entry.Load.Definition?.Description,
        ["hash"] = entry.Load.Definition?.Hash,
        ["activityCount"] = entry.Load.Definition?.AllNodes.Count(),
        ["errors"] = new JsonArray(entry.Load.Errors.Select(e => (JsonNode)e.ToString()).ToArray()),
    };

    public static JsonObject Detail(StudioDefinition entry)
    {
        var detail = Summary(entry);
        detail["json"] = ReadText(entry);
        detail["graph"] = entry.Load.Definition is { } definition ? DefinitionGraph.Build(definition) : null;
        return detail;
    }

    private static string? ReadText(StudioDefinition entry)
    {
        if (entry.Load.Definition is { } definition)
        {
            return definition.Json;
        }

        try
        {
            return File.ReadAllText(entry.Path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
