using Messier.Workflows.Journal;
using Messier.Workflows.Leases;

namespace Messier.Journal.Tests.Support;

/// <summary>Instances, entries and owners shaped like the engine's.</summary>
public static class Sample
{
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(30);

    public static DateTimeOffset At(long second) => DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000 + (second * 1000));

    public static LeaseOwner Owner(string runner, int pid = 4242) => new("test-host", pid, 1000 + pid, runner);

    public static JournalEntry Entry(long sequence, string @event = JournalEvents.Completed, string? activityId = "step") =>
        new(sequence, activityId, activityId is null ? null : "Test.Step", @event, At(sequence), $$"""{"n":{{sequence}}}""");

    public static NewInstance Instance(
        string id,
        string definitionName = "pool-create",
        string definitionHash = "hash-1",
        string? parentInstanceId = null) =>
        new(
            id,
            definitionName,
            definitionHash,
            $$"""{"name":"{{definitionName}}","hash":"{{definitionHash}}"}""",
            $"/etc/messier/{definitionName}.json",
            """{"frames":[]}""",
            """{"pool":"tank"}""",
            [Entry(0, JournalEvents.InstanceCreated, activityId: null)],
            parentInstanceId);

    public static InstanceCommit Commit(string id, InstanceStatus status, params JournalEntry[] entries) =>
        new(id, status, $$"""{"frames":[],"seq":{{entries.LastOrDefault()?.Sequence ?? -1}}}""", entries);
}
