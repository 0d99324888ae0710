using System.Text.Json.Nodes;
using Messier.Workflows.Journal;

namespace Messier.Host.Services;

/// <summary>
/// Finds the service holds in a journal: in every instance that is not finished or cancelled, a
/// StopServices that completed (or found the services already stopped) with no StartServices
/// started after it. A boot-time drop-in for docker.service and containerd.service asks this
/// (<c>messier hold check</c>) before they start, so that after a crash or a reboot mid-flow Docker
/// does not come up on half-moved data; the flow's own StartServices releases the hold as it
/// starts, so its start is not refused.
/// </summary>
public static class ServiceHolds
{
    private const string StopType = "StopServices";
    private const string StartType = "StartServices";

    public static async Task<IReadOnlyList<ServiceHold>> FindAsync(IWorkflowJournal journal, CancellationToken cancellationToken)
    {
        var unfinished = await journal.ListInstancesAsync(
            new InstanceQuery([InstanceStatus.Running, InstanceStatus.Suspended, InstanceStatus.Faulted]),
            cancellationToken);
        var holds = new List<ServiceHold>();
        foreach (var instance in unfinished)
        {
            var entries = await journal.GetJournalAsync(instance.Id, cancellationToken);
            if (HoldIn(instance, entries) is { } hold)
            {
                holds.Add(hold);
            }
        }

        return holds;
    }

    private static ServiceHold? HoldIn(InstanceRecord instance, IReadOnlyList<JournalEntry> entries)
    {
        ServiceHold? hold = null;
        IReadOnlyList<string> units = [];
        foreach (var entry in entries)
        {
            switch (entry.ActivityType, entry.Event)
            {
                case (StopType, JournalEvents.Started or JournalEvents.Recovered):
                    units = UnitsOf(entry);
                    break;
                case (StopType, JournalEvents.Completed or JournalEvents.ObservedDone):
                    hold = new ServiceHold(instance.Id, instance.DefinitionName, instance.Status.ToName(), entry.ActivityId ?? StopType, units, entry.At);
                    break;
                case (StartType, JournalEvents.Started or JournalEvents.Recovered):
                    hold = null;
                    break;
            }
        }

        return hold;
    }

    /// <summary>The units a StopServices start entry was given (its resolved inputs); none when it used commands.</summary>
    private static IReadOnlyList<string> UnitsOf(JournalEntry entry)
    {
        if (entry.DataJson is null || JsonNode.Parse(entry.DataJson)?["inputs"] is not JsonObject inputs || inputs["commands"] is JsonObject)
        {
            return [];
        }

        return inputs["units"] is JsonArray units
            ? units.Select(u => u?.GetValue<string>()).OfType<string>().ToList()
            : ServiceControl.DefaultUnits;
    }
}
