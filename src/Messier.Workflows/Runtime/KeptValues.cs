using System.Text.Json.Nodes;
using Messier.Workflows.Journal;

namespace Messier.Workflows.Runtime;

/// <summary>
/// Reads back the values containers kept in the journal (<see cref="Activities.Contracts.CompositeContext.Keep"/>)
/// when an instance resumes in a new process. The state names each value's journal entry; the
/// journal is read only when some frame kept something.
/// </summary>
internal static class KeptValues
{
    public static async Task LoadAsync(IWorkflowJournal journal, string instanceId, ExecutionState state, CancellationToken cancellationToken)
    {
        var keeping = state.Frames.Values.Where(f => f.Kept is { Count: > 0 }).ToList();
        if (keeping.Count == 0)
        {
            return;
        }

        var entries = (await journal.GetJournalAsync(instanceId, cancellationToken)).ToDictionary(e => e.Sequence);
        foreach (var frame in keeping)
        {
            foreach (var (name, sequence) in frame.Kept!)
            {
                if (!entries.TryGetValue(sequence, out var entry) || entry.Event != JournalEvents.ValueKept || entry.DataJson is null)
                {
                    throw new EngineException($"Instance '{instanceId}': activity '{frame.ActivityId}' kept its '{name}' in journal entry {sequence}, which the journal does not hold as such; the journal was changed by hand or is damaged, and the instance cannot resume.");
                }

                frame.KeptValues[name] = JsonNode.Parse(entry.DataJson, documentOptions: ExecutionState.NodeReadOptions)?["value"]?.DeepClone();
            }
        }
    }
}
