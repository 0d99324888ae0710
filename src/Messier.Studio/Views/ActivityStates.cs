using System.Text.Json.Nodes;
using Messier.Workflows.Definitions;
using Messier.Workflows.Journal;

namespace Messier.Studio.Views;

/// <summary>
/// Each activity's state as the journal tells it: done, running, faulted, waiting, or (absent)
/// not reached. The journal, not the interpreter's state, is the source: it is what survived, and
/// it is the same whichever process ran the instance.
/// </summary>
internal static class ActivityStates
{
    public const string Done = "done";
    public const string Running = "running";
    public const string Faulted = "faulted";
    public const string Waiting = "waiting";

    public static JsonObject Compute(WorkflowDefinition? definition, IReadOnlyList<JournalEntry> journal)
    {
        var states = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in journal)
        {
            if (entry.ActivityId is not { } id)
            {
                continue;
            }

            // The latest event wins: a retried step that faulted and then completed is done; a
            // ForEach body shows where its last iteration stands.
            var state = entry.Event switch
            {
                JournalEvents.Completed or JournalEvents.ObservedDone => Done,
                JournalEvents.Faulted => Faulted,
                JournalEvents.Suspended => Waiting,
                JournalEvents.Started or JournalEvents.Recovered or JournalEvents.AttemptFailed
                    or JournalEvents.BookmarkResumed or JournalEvents.Caught => Running,
                _ => null,
            };
            if (state is not null)
            {
                states[id] = state;
            }
            else if (!states.ContainsKey(id))
            {
                states[id] = Running;
            }
        }

        if (definition is not null)
        {
            Propagate(definition.Root, states);
        }

        return new JsonObject(states.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value)));
    }

    // Containers write a journal row only when they complete; before that, one reads as the worst
    // state inside it, so a Sequence holding a waiting approval is itself marked waiting.
    private static string? Propagate(ActivityNode node, Dictionary<string, string> states)
    {
        var children = node.Slots.Values.SelectMany(s => s).Concat(node.Cases.Where(c => c.Activity is not null).Select(c => c.Activity!));
        string? worst = null;
        foreach (var child in children)
        {
            var childState = Propagate(child, states);
            if (Rank(childState) > Rank(worst))
            {
                worst = childState;
            }
        }

        if (states.TryGetValue(node.Id, out var own) && own != Running)
        {
            return own;
        }

        if (worst is not null)
        {
            var derived = worst == Done ? Running : worst;
            states[node.Id] = derived;
            return derived;
        }

        return own;
    }

    private static int Rank(string? state) => state switch
    {
        Faulted => 4,
        Waiting => 3,
        Running => 2,
        Done => 1,
        _ => 0,
    };
}
