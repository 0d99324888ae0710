using System.Text.Json.Nodes;
using Messier.Workflows.Journal;
using Messier.Workflows.Runtime;

namespace Messier.Host.Tests.Support;

/// <summary>What a harness run left: the result, the journal rows and the commands it ran.</summary>
public sealed record HarnessResult(RunResult Run, IReadOnlyList<JournalEntry> Journal, IReadOnlyList<CommandRecord> Commands)
{
    public InstanceStatus Status => Run.Status;

    /// <summary>The outputs the step with this id recorded on completion (applied or observed done).</summary>
    public JsonObject StepOutputs(string activityId)
    {
        var entry = Journal.Last(e => e.ActivityId == activityId && e.Event is JournalEvents.Completed or JournalEvents.ObservedDone);
        return JsonNode.Parse(entry.DataJson!)!["outputs"]!.AsObject();
    }

    /// <summary>The journal events of one activity, in order.</summary>
    public IReadOnlyList<string> EventsOf(string activityId) =>
        Journal.Where(e => e.ActivityId == activityId).Select(e => e.Event).ToList();

    public override string ToString() =>
        $"{Run.Status}: {Run.Message}\n{string.Join("\n", Commands.Select(c => $"{string.Join(' ', c.Argv)} -> {c.ExitCode}: {c.OutputTail}"))}";
}
