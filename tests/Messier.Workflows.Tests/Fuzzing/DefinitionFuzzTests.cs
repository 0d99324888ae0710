using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Messier.Host;
using Messier.Workflows.Activities;
using Messier.Workflows.Definitions;
using Messier.Workflows.Journal;
using Messier.Workflows.Leases;
using Messier.Workflows.Runtime;
using Messier.Workflows.Tests.Support;
using Xunit.Abstractions;

namespace Messier.Workflows.Tests.Fuzzing;

/// <summary>
/// Thousands of malformed and mutated definitions, from fixed seeds: loading each must end in a
/// definition or in errors that each say where (path, line, column), never in an exception; and a
/// dry run of the valid ones, with the engine's own activities only, must end in a result.
/// See docs/reliability.md ("Bad input") for running more cases.
/// </summary>
public sealed class DefinitionFuzzTests(ITestOutputHelper output)
{
    private const string SourceFile = "fuzz/case.json";

    /// <summary>The seed and text of the case running now; see docs/reliability.md.</summary>
    public static readonly string LastCaseFile = Path.Combine(Path.GetTempPath(), "messier-fuzz-last-case.txt");

    /// <summary>A dry run that loops (a Flowchart cycle is legal) is stopped after this; it must then end as interrupted.</summary>
    private static readonly TimeSpan DryRunBudget = TimeSpan.FromSeconds(3);

    private static readonly ActivityRegistry EngineRegistry = ActivityRegistry.CreateDefault();
    private static readonly ActivityRegistry HostRegistry = ActivityRegistry.CreateDefault().AddHostActivities();

    [Fact]
    public void TheSameSeedGivesTheSameDefinition()
    {
        // Reproducing a failure from its printed seed depends on this.
        var seed = DefinitionCorpus.Seeds[0].Text;
        var first = Enumerable.Range(0, 20).Select(i => new DefinitionMutator(new Random(i)).Mutate(seed)).ToList();
        var second = Enumerable.Range(0, 20).Select(i => new DefinitionMutator(new Random(i)).Mutate(seed)).ToList();
        Assert.Equal(first, second);
        Assert.True(first.Distinct().Count() > 15, "the mutator should make different definitions from different seeds");
    }

    [Fact]
    public async Task MutatedDefinitionsLoadToPositionedErrorsOrToADefinitionAndTheirDryRunsEndInAResult()
    {
        var cases = FuzzSettings.Cases;
        var firstSeed = FuzzSettings.FirstSeed;
        var stats = new Dictionary<string, int>(StringComparer.Ordinal);
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        var slowest = new List<(double Seconds, int Seed, string What)>();
        for (var i = 0; i < cases && failures.Count < 10; i++)
        {
            var seed = firstSeed + i;
            var random = new Random(seed);
            var origin = DefinitionCorpus.Seeds[random.Next(DefinitionCorpus.Seeds.Count)];
            var mutator = new DefinitionMutator(random);
            var text = mutator.Mutate(origin.Text);
            // A crash of the whole process (a stack overflow) leaves no report; this file names the case it was in.
            File.WriteAllText(LastCaseFile, $"{seed}\n{text}", new UTF8Encoding(false, throwOnInvalidBytes: false));
            var caseClock = Stopwatch.StartNew();
            try
            {
                var problem = await CheckAsync(text, random, stats);
                if (problem is not null)
                {
                    failures.Add(Report(seed, origin, mutator, text, problem));
                }
            }
            catch (Exception ex)
            {
                failures.Add(Report(seed, origin, mutator, text, $"unhandled {ex}"));
            }

            slowest.Add((caseClock.Elapsed.TotalSeconds, seed, $"load {LastLoadSeconds:F2} s; {origin.Origin}: {string.Join("; ", mutator.Applied)}"));
            slowest = slowest.OrderByDescending(s => s.Seconds).Take(5).ToList();
        }

        output.WriteLine($"{cases} cases from seed {firstSeed} in {clock.Elapsed.TotalSeconds:F1} s: {string.Join(", ", stats.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"))}");
        foreach (var (seconds, seed, what) in slowest)
        {
            output.WriteLine($"slow: seed {seed} {seconds:F2} s: {what}");
        }

        Assert.True(failures.Count == 0, $"{failures.Count} case(s) failed (reproduce one alone with {FuzzSettings.SeedVariable}=SEED {FuzzSettings.CasesVariable}=1):\n\n{string.Join("\n\n", failures)}");

        // A generator that only ever broke the JSON, or never broke anything, would pass without
        // testing the validator or the engine: it must reach all three.
        if (cases >= FuzzSettings.DefaultCases)
        {
            Assert.True(stats.GetValueOrDefault("not JSON") > cases / 20, "too few cases broke the JSON");
            Assert.True(stats.GetValueOrDefault("invalid definition") > cases / 5, "too few cases reached the validator");
            Assert.True(stats.GetValueOrDefault("dry run: finished") + stats.GetValueOrDefault("dry run: faulted") > cases / 20, "too few cases were dry run");
        }
    }

    /// <summary>Null when the case behaved; else what went wrong.</summary>
    private static async Task<string?> CheckAsync(string text, Random random, Dictionary<string, int> stats)
    {
        var loadClock = Stopwatch.StartNew();
        var hostResult = new DefinitionLoader(HostRegistry).Load(text, SourceFile);
        if (CheckResult(text, hostResult) is { } hostProblem)
        {
            return "with the host activities: " + hostProblem;
        }

        var result = new DefinitionLoader(EngineRegistry).Load(text, SourceFile);
        if (CheckResult(text, result) is { } problem)
        {
            return problem;
        }

        LastLoadSeconds = loadClock.Elapsed.TotalSeconds;
        Count(stats, result.IsValid ? "valid" : result.Errors.Any(e => e.Message.StartsWith("not valid JSON", StringComparison.Ordinal)) ? "not JSON" : "invalid definition");
        if (result.Definition is not { } definition)
        {
            return null;
        }

        var commands = new RefusingCommandRunner();
        var engine = new WorkflowEngine(
            new InMemoryWorkflowJournal(),
            EngineRegistry,
            commands,
            time: new ImmediateTimeProvider(),
            liveness: new FixedLiveness(true),
            owner: new LeaseOwner("fuzz-host", 1, 1, "fuzz"),
            definitions: new CaseDefinitions(EngineRegistry, definition));
        using var budget = new CancellationTokenSource(DryRunBudget);
        var started = Stopwatch.StartNew();
        var run = await engine.DryRunAsync(definition, InputsFor(definition, random), budget.Token);
        Count(stats, "dry run: " + run.Status.ToName());
        if (started.Elapsed > DryRunBudget + TimeSpan.FromSeconds(5))
        {
            return $"the dry run took {started.Elapsed.TotalSeconds:F1} s, ignoring its cancellation after {DryRunBudget.TotalSeconds} s";
        }

        return run.Status switch
        {
            InstanceStatus.Finished or InstanceStatus.Faulted or InstanceStatus.Suspended => run.Status == InstanceStatus.Faulted && string.IsNullOrWhiteSpace(run.Message)
                ? "the dry run faulted without saying why"
                : null,
            InstanceStatus.Interrupted when budget.IsCancellationRequested => null,
            _ => $"the dry run ended {run.Status.ToName()}: {run.Message}",
        };
    }

    private static string? CheckResult(string text, DefinitionLoadResult result)
    {
        if (result.Definition is null == (result.Errors.Count == 0))
        {
            return $"a result with {(result.Definition is null ? "no definition" : "a definition")} and {result.Errors.Count} error(s)";
        }

        var lines = text.Split('\n').Length;
        foreach (var error in result.Errors)
        {
            if (error.File != SourceFile || !error.JsonPath.StartsWith('$') || string.IsNullOrWhiteSpace(error.Message))
            {
                return $"an error without its file, path or message: {error}";
            }

            if (error.Line is not { } line || error.Column is not { } column || line < 1 || column < 1 || line > lines)
            {
                return $"an error without a position in the text ({lines} lines): line {error.Line?.ToString() ?? "none"}, column {error.Column?.ToString() ?? "none"}: {error}";
            }
        }

        return null;
    }

    /// <summary>A value of the declared type for each required input (a wrong one is an InputException, tested elsewhere); sometimes the optional ones too.</summary>
    private static Dictionary<string, JsonNode?> InputsFor(WorkflowDefinition definition, Random random)
    {
        var inputs = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var input in definition.Inputs.Where(i => i.Required || random.Next(4) == 0))
        {
            inputs[input.Name] = input.Type switch
            {
                DataType.String => random.Next(3) == 0 ? "; $(touch /tmp/pwned-fuzz) `id` '\"\n-x" : "x",
                DataType.Integer => random.Next(3) == 0 ? long.MaxValue : 1,
                DataType.Number => random.Next(3) == 0 ? 1e308 : 1.5,
                DataType.Boolean => random.Next(2) == 0,
                DataType.Array => random.Next(2) == 0 ? new JsonArray() : new JsonArray(1, "a", null),
                DataType.Object => new JsonObject(),
                _ => null,
            };
        }

        return inputs;
    }

    /// <summary>How long the last case took to load, to tell a slow loader from a slow dry run in the report.</summary>
    private static double LastLoadSeconds { get; set; }

    private static void Count(Dictionary<string, int> stats, string key) => stats[key] = stats.GetValueOrDefault(key) + 1;

    private static string Report(int seed, FuzzSeed origin, DefinitionMutator mutator, string text, string problem)
    {
        var shown = text.Length <= 4_000 ? text : text[..2_000] + $"\n… ({text.Length - 4_000} chars left out) …\n" + text[^2_000..];
        var builder = new StringBuilder()
            .AppendLine($"seed {seed}: from {origin.Origin}, mutations: {string.Join("; ", mutator.Applied)}")
            .AppendLine(problem)
            .AppendLine("definition:")
            .Append(shown);
        return builder.ToString();
    }
}
