using System.Globalization;
using System.Text.Json.Nodes;
using Messier.Flows.Tests.Support;

namespace Messier.Flows.Tests.CrashMatrix;

/// <summary>
/// Runs a scenario once uninterrupted to learn its end state and how many journal writes it
/// makes, then again on a fresh host for each chosen write N with messier SIGKILLed right after
/// write N (MESSIER_TEST_CRASH_AFTER_WRITES, counting instance creations, commits and command
/// records, in the flow and every flow it calls), resumes with `messier resume --all`, and checks
/// that the host and the journal end exactly as after the uninterrupted run.
/// </summary>
public static class CrashMatrixRunner
{
    /// <summary>
    /// "full" kills after every write and during every command instead of the sample CI runs;
    /// "writes" or "commands" does only that half in full (and the sample of the other), since
    /// one long scenario's full matrix can take hours.
    /// </summary>
    public const string FullVariable = "MESSIER_CRASH_MATRIX";

    /// <summary>Scenario names or parts of them, separated by semicolons (names hold commas), to run only those (e.g. "orig;preseed").</summary>
    public const string OnlyVariable = "MESSIER_CRASH_MATRIX_ONLY";

    /// <summary>
    /// With "full" or "writes": the first write to kill after (default 1), to continue a run that
    /// was stopped, or to split one across machines.
    /// </summary>
    public const string FromWriteVariable = "MESSIER_CRASH_MATRIX_FROM_WRITE";

    private static bool EveryWrite => Mode is "full" or "writes";

    private static int FromWrite
    {
        get
        {
            var text = Environment.GetEnvironmentVariable(FromWriteVariable);
            if (string.IsNullOrWhiteSpace(text))
            {
                return 1;
            }

            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var from) && from >= 1
                ? from
                : throw new InvalidOperationException($"{FromWriteVariable} must be a write number from 1, got '{text}'.");
        }
    }

    private static bool EveryCommand => Mode is "full" or "commands";

    private static string Mode
    {
        get
        {
            var mode = (Environment.GetEnvironmentVariable(FullVariable) ?? string.Empty).Trim().ToLowerInvariant();
            return mode is "" or "full" or "writes" or "commands"
                ? mode
                : throw new InvalidOperationException($"{FullVariable} must be full, writes or commands (or unset for the sample), got '{mode}'.");
        }
    }

    /// <param name="covered">
    /// What earlier scenarios already interrupted: step types killed after their start was
    /// committed, and "during:TYPE" for those killed while one of their commands ran. The sample
    /// adds the ones not yet covered.
    /// </param>
    public static async Task<CrashMatrixResult> RunAsync(CrashScenario scenario, ISet<string> covered, int extraPoints = 2)
    {
        var (expected, writes) = await ReferenceAsync(scenario);
        var commands = Commands(writes);
        var afterWrites = EveryWrite ? Enumerable.Range(FromWrite, Math.Max(0, writes.Count - FromWrite + 1)).ToList() : Sample(writes, covered, extraPoints);
        var duringCommands = EveryCommand ? Enumerable.Range(1, commands.Count).ToList() : SampleCommands(commands, covered);
        foreach (var point in afterWrites)
        {
            await CrashAndResumeAsync(scenario, AfterWriteVariable, point, $"killed after write {point} of {writes.Count}", expected);
        }

        foreach (var point in duringCommands)
        {
            await CrashAndResumeAsync(scenario, DuringCommandVariable, point, $"killed during command {point} of {commands.Count} ({commands[point - 1].Type}: {commands[point - 1].Program})", expected);
        }

        var result = new CrashMatrixResult(scenario.Name, writes.Count, afterWrites.Count, commands.Count, duringCommands.Count, StepTypes(writes).Count);
        Console.WriteLine($"crash matrix: {result}");
        return result;
    }

    private const string AfterWriteVariable = "MESSIER_TEST_CRASH_AFTER_WRITES";

    private const string DuringCommandVariable = "MESSIER_TEST_CRASH_DURING_COMMAND";

    /// <summary>
    /// The sample CI runs: for each step type not interrupted yet, the write that commits its first
    /// start (so the kill lands while it applies), plus the first and last writes and a few spread
    /// evenly, so across the matrix every step type is interrupted at least once.
    /// </summary>
    private static List<int> Sample(IReadOnlyList<string> writes, ISet<string> covered, int extraPoints)
    {
        var points = new SortedSet<int> { 1, writes.Count };
        for (var i = 0; i < writes.Count; i++)
        {
            foreach (var type in StartedTypes(writes[i]))
            {
                if (covered.Add(type))
                {
                    points.Add(i + 1);
                }
            }
        }

        for (var k = 1; k <= extraPoints; k++)
        {
            points.Add(Math.Max(1, writes.Count * k / (extraPoints + 1)));
        }

        return [.. points];
    }

    /// <summary>For each step type no earlier scenario was killed in mid-command, its first command.</summary>
    private static List<int> SampleCommands(List<(string Type, string Program)> commands, ISet<string> covered) =>
        [.. Enumerable.Range(1, commands.Count).Where(n => covered.Add("during:" + commands[n - 1].Type))];

    /// <summary>
    /// The commands the run made, in order, each with the type of the step that ran it (the last
    /// type a commit started under that activity id; the log's command lines name only the id).
    /// </summary>
    private static List<(string Type, string Program)> Commands(IReadOnlyList<string> writes)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var commands = new List<(string, string)>();
        foreach (var line in writes.Select(w => JsonNode.Parse(w)!.AsObject()))
        {
            switch (line["kind"]!.GetValue<string>())
            {
                case "commit":
                    foreach (var entry in line["entries"]!.AsArray().Where(e => e!["event"]!.GetValue<string>() == "started" && e["type"] is not null))
                    {
                        types[$"{line["instance"]}/{entry!["activity"]}"] = entry["type"]!.GetValue<string>();
                    }

                    break;
                case "command":
                    commands.Add((types.GetValueOrDefault($"{line["instance"]}/{line["activity"]}", "?"), line["program"]!.GetValue<string>()));
                    break;
            }
        }

        return commands;
    }

    private static HashSet<string> StepTypes(IReadOnlyList<string> writes) =>
        writes.SelectMany(StartedTypes).ToHashSet(StringComparer.Ordinal);

    /// <summary>The activity types whose start a logged commit records (MESSIER_TEST_WRITES_LOG writes one JSON object per line).</summary>
    internal static IEnumerable<string> StartedTypes(string write) =>
        JsonNode.Parse(write) is JsonObject line && line["kind"]?.GetValue<string>() == "commit"
            ? line["entries"]!.AsArray()
                .Where(e => e!["event"]!.GetValue<string>() == "started" && e["type"] is not null)
                .Select(e => e!["type"]!.GetValue<string>())
            : [];

    /// <summary>Runs the scenario uninterrupted on a fresh host: its end state, and the journal writes it made, in order.</summary>
    internal static async Task<(IReadOnlyList<string> EndState, IReadOnlyList<string> Writes)> ReferenceAsync(CrashScenario scenario)
    {
        using var host = new FlowHost(docker: scenario.Docker, driveBytes: scenario.DriveBytes);
        var input = scenario.Prepare(host);
        var file = host.Messier.PathOf("input.json");
        var writesLog = host.Messier.PathOf("writes.log");
        await File.WriteAllTextAsync(file, input.ToJsonString());
        var run = await host.Messier.RunAsync(
            ["run", scenario.Flow, "--input-file", file],
            new Dictionary<string, string> { ["MESSIER_TEST_WRITES_LOG"] = writesLog },
            TimeSpan.FromMinutes(5));
        Assert.True(run.ExitCode == 0, $"{scenario}: the uninterrupted run failed\n{run}");
        var writes = File.ReadAllLines(writesLog);
        Assert.True(writes.Length > 0, $"{scenario}: no journal write was logged");
        return (EndState.Of(host, scenario), writes);
    }

    /// <param name="variable">The CLI's fault-injection variable: after the Nth journal write, or during the Nth command.</param>
    private static async Task CrashAndResumeAsync(CrashScenario scenario, string variable, int point, string what, IReadOnlyList<string> expected)
    {
        var when = $"{scenario}, {what}";
        using var host = new FlowHost(docker: scenario.Docker, driveBytes: scenario.DriveBytes);
        var input = scenario.Prepare(host);
        var file = host.Messier.PathOf("input.json");
        await File.WriteAllTextAsync(file, input.ToJsonString());
        var crashed = await host.Messier.RunAsync(
            ["run", scenario.Flow, "--input-file", file],
            new Dictionary<string, string> { [variable] = point.ToString(CultureInfo.InvariantCulture) },
            TimeSpan.FromMinutes(5));
        Assert.True(crashed.ExitCode is 137 or 0, $"{when}: expected SIGKILL (137) or a finished run\n{crashed}");

        for (var round = 0; round < 3 && await AnyUnfinishedAsync(host); round++)
        {
            var resumed = await host.Messier.RunAsync(["resume", "--all"], timeout: TimeSpan.FromMinutes(5));
            Assert.True(resumed.ExitCode == 0, $"{when}: resume --all failed\n{resumed}");
        }

        var instances = await host.Messier.ListAsync();
        Assert.All(instances, i => Assert.True(i!["status"]!.GetValue<string>() == "finished", $"{when}: {i["definition"]} {i["id"]} is {i["status"]}"));
        foreach (var instance in instances)
        {
            await AssertConsistentJournalAsync(host, instance!["id"]!.GetValue<string>(), when);
        }

        var actual = EndState.Of(host, scenario);
        var missing = expected.Except(actual, StringComparer.Ordinal).ToList();
        var extra = actual.Except(expected, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0, $"{when}: the host differs from the uninterrupted run's\n- expected, not found:\n  {string.Join("\n  ", missing)}\n- found, not expected:\n  {string.Join("\n  ", extra)}");
        if (EveryWrite || EveryCommand)
        {
            // A full run takes hours: one line per kill shows how far it is.
            Console.WriteLine($"crash matrix: {when}: resumed to the uninterrupted end state");
        }
    }

    private static async Task<bool> AnyUnfinishedAsync(FlowHost host) =>
        (await host.Messier.ListAsync()).Any(i => i!["status"]!.GetValue<string>() != "finished");

    /// <summary>Dense sequence numbers; a copy's source removed only after the copy was verified.</summary>
    internal static async Task AssertConsistentJournalAsync(FlowHost host, string id, string when)
    {
        var journal = (await host.Messier.ShowAsync(id))["journal"]!.AsArray();
        var sequences = journal.Select(e => e!["sequence"]!.GetValue<long>()).ToList();
        Assert.True(sequences.SequenceEqual(Enumerable.Range(1, sequences.Count).Select(i => (long)i)), $"{when}: instance {id}'s journal sequence has gaps: {string.Join(",", sequences)}");
        var events = journal.Select(e => (Activity: e!["activityId"]?.GetValue<string>(), Type: e["activityType"]?.GetValue<string>(), Event: e["event"]!.GetValue<string>())).ToList();
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Type == "RemoveVerifiedCopy" && events[i].Event is "started" or "recovered")
            {
                // RemoveVerifiedCopy verifies on its own right before deleting; in these flows a
                // VerifyTree (or CompareTrees) must also have passed in the same instance before it.
                Assert.True(
                    events.Take(i).Any(e => e.Type is "VerifyTree" or "CompareTrees" && e.Event is "observed-done" or "completed"),
                    $"{when}: instance {id} started removing a copy before any verification:\n{string.Join("\n", events.Select(e => $"{e.Activity}:{e.Event}"))}");
            }
        }
    }
}
