using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Messier.Journal;
using Messier.Workflows.Definitions;
using Messier.Workflows.Journal;
using Messier.Workflows.Leases;

namespace Messier.Benchmarks;

/// <summary>
/// Fills a journal for the cold-start benchmark through the real <see cref="SqliteWorkflowJournal"/>
/// API: instances of four pinned definitions, each created, committed step by step with the rows
/// the engine writes (started, completed, instance-finished...) and a command row per step, then
/// its lease released. Most finish; one in twenty faults (with an incident), one in twenty waits
/// for an approval (with a bookmark), one in twenty was interrupted mid-step.
/// </summary>
public static class JournalSeeder
{
    private static readonly string[] DefinitionNames = ["pool-create", "docker-move", "dataset-adopt", "restore-service"];

    public static async Task<int> RunAsync(string path, int count, CancellationToken cancellationToken)
    {
        var clock = new SteppingClock(DateTimeOffset.UtcNow.AddMinutes(-count));
        var owner = new LeaseOwner("bench-seed", Environment.ProcessId, 0, "seeder");
        var stopwatch = Stopwatch.StartNew();
        await using var journal = await SqliteWorkflowJournal.OpenAsync(path, clock, cancellationToken);
        var definitions = DefinitionNames.Select(Definition).ToArray();
        for (var i = 0; i < count; i++)
        {
            var (name, json, hash) = definitions[i % definitions.Length];
            var id = Guid.CreateVersion7(clock.GetUtcNow()).ToString("N")[..20];
            var seq = 0L;
            var inputs = new JsonObject { ["pool"] = "tank", ["disks"] = new JsonArray("/dev/disk/by-id/ata-A", "/dev/disk/by-id/ata-B"), ["dataset"] = $"tank/data{i % 7}" };
            await journal.CreateInstanceAsync(
                new NewInstance(id, name, hash, json, $"/etc/messier/workflows/{name}.json", State(i, running: true), inputs.ToJsonString(), [Entry(ref seq, clock, null, null, JournalEvents.InstanceCreated, new JsonObject { ["inputs"] = inputs.DeepClone(), ["definitionHash"] = hash })], null),
                owner,
                TimeSpan.FromSeconds(30),
                cancellationToken);

            var kind = (i % 20) switch { 0 => InstanceStatus.Faulted, 1 => InstanceStatus.Suspended, 2 => InstanceStatus.Interrupted, _ => InstanceStatus.Finished };
            var entries = new List<JournalEntry>();
            foreach (var step in new[] { "observe-pool", "create" })
            {
                entries.Add(Entry(ref seq, clock, step, "Run", JournalEvents.Started, new JsonObject { ["inputs"] = new JsonObject { ["argv"] = new JsonArray("zpool", "list", "-H", "tank") }, ["attempt"] = 1 }));
                await journal.RecordCommandAsync(id, new CommandRecord(step, ["zpool", "list", "-H", "tank"], 0, 12, clock.GetUtcNow(), "tank\t1.81T\t1.02M\t1.81T\t-\t-\t0%\t0%\t1.00x\tONLINE\t-\n"), cancellationToken);
                if (kind == InstanceStatus.Interrupted && step == "create")
                {
                    break;
                }

                entries.Add(Entry(ref seq, clock, step, "Run", JournalEvents.Completed, new JsonObject { ["outcome"] = "Done", ["outputs"] = new JsonObject { ["exitCode"] = 0, ["stdout"] = "tank\n" }, ["durationMs"] = 12 }));
            }

            var commit = kind switch
            {
                InstanceStatus.Faulted => new InstanceCommit(id, InstanceStatus.Faulted, State(i, running: false), [.. entries, Entry(ref seq, clock, null, null, JournalEvents.InstanceFaulted, new JsonObject { ["error"] = "zfs create exited 1" })])
                {
                    NewIncident = new IncidentRecord("create", "Run", "zfs create exited 1", "cannot create 'tank/data': dataset already exists", clock.GetUtcNow(), null),
                },
                InstanceStatus.Suspended => new InstanceCommit(id, InstanceStatus.Suspended, State(i, running: true), [.. entries, Entry(ref seq, clock, null, null, JournalEvents.InstanceSuspended, new JsonObject { ["waiting"] = new JsonArray("confirm") })])
                {
                    AddBookmarks = [new BookmarkRecord($"{id}.f7", "confirm", "f7", "approve", "Destroy the old dataset?", clock.GetUtcNow())],
                },
                InstanceStatus.Interrupted => new InstanceCommit(id, InstanceStatus.Running, State(i, running: true), entries),
                _ => new InstanceCommit(id, InstanceStatus.Finished, State(i, running: false), [.. entries, Entry(ref seq, clock, null, null, JournalEvents.InstanceFinished, new JsonObject { ["outputs"] = new JsonObject { ["pool"] = "tank" } })])
                {
                    OutputJson = """{"pool":"tank"}""",
                },
            };
            await journal.CommitAsync(commit, owner, cancellationToken);
            await journal.ReleaseLeaseAsync(id, owner, cancellationToken);
            clock.Advance(TimeSpan.FromMinutes(1));
            if ((i + 1) % 1000 == 0)
            {
                Console.Error.WriteLine($"seeded {i + 1}/{count} instances ({stopwatch.Elapsed.TotalSeconds:F0} s)");
            }
        }

        Console.Error.WriteLine($"seeded {count} instances into {journal.DatabasePath} in {stopwatch.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    private static JournalEntry Entry(ref long sequence, SteppingClock clock, string? activityId, string? activityType, string @event, JsonObject data)
    {
        clock.Advance(TimeSpan.FromMilliseconds(40));
        return new JournalEntry(sequence++, activityId, activityType, @event, clock.GetUtcNow(), data.ToJsonString());
    }

    /// <summary>An interpreter position shaped like the engine's: frames, queue, variables and step outputs.</summary>
    private static string State(int i, bool running) => new JsonObject
    {
        ["inputs"] = new JsonObject { ["pool"] = "tank", ["dataset"] = $"tank/data{i % 7}" },
        ["variables"] = new JsonObject { ["path"] = $"tank/data{i % 7}", ["mountpoint"] = $"/tank/data{i % 7}" },
        ["steps"] = new JsonObject { ["observe-pool"] = new JsonObject { ["exitCode"] = 0, ["stdout"] = "tank\n" } },
        ["frames"] = running
            ? new JsonObject { ["f0"] = new JsonObject { ["id"] = "f0", ["activityId"] = "root", ["status"] = "running" }, ["f7"] = new JsonObject { ["id"] = "f7", ["parentId"] = "f0", ["activityId"] = "create", ["status"] = "inFlight" } }
            : new JsonObject(),
        ["queue"] = new JsonArray(),
        ["nextSequence"] = 6,
        ["nextFrameNumber"] = 8,
    }.ToJsonString();

    private static (string Name, string Json, string Hash) Definition(string name)
    {
        var json = $$"""
            {
              "name": "{{name}}",
              "description": "A seeded definition for the cold-start benchmark.",
              "inputs": { "pool": { "type": "string", "required": true }, "dataset": { "type": "string", "default": "tank/data" } },
              "root": {
                "type": "Sequence",
                "activities": [
                  { "type": "Run", "id": "observe-pool", "argv": ["zpool", "list", "-H", { "js": "input.pool" }] },
                  { "type": "Run", "id": "create", "argv": ["zfs", "create", { "js": "input.dataset" }], "observe": ["zfs", "list", "-H", { "js": "input.dataset" }] },
                  { "type": "Approve", "id": "confirm", "message": "Destroy the old dataset?" }
                ]
              }
            }
            """;
        return (name, json, DefinitionLoader.ComputeHash(json));
    }

    /// <summary>A clock the seeder moves forward, so instances are spread over time as real ones are.</summary>
    private sealed class SteppingClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
