using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Messier.Journal;
using Messier.Workflows.Definitions;
using Messier.Workflows.Journal;
using Messier.Workflows.Runtime;

namespace Messier.Benchmarks;

/// <summary>
/// Task 1a: durable steps/s of a long workflow with no external commands (a ForEach over
/// <see cref="Steps"/> items whose body is a no-op durable step: 2 commits per step) through
/// <see cref="WorkflowEngine"/> and <see cref="SqliteWorkflowJournal"/> on a real file, against
/// a raw Microsoft.Data.Sqlite loop that makes the same number of commits of the same sizes on
/// the same disk with the same pragmas. Op/s is steps/s; Ratio is time per step against the raw
/// loop (steps/s ratio = 1 / Ratio).
/// </summary>
[Config(typeof(MacroBenchmarkConfig))]
public class DurableStepsBenchmarks
{
    /// <summary>Durable steps per workflow run (one benchmark invocation).</summary>
    public const int Steps = 500;

    private string _folder = null!;
    private SqliteWorkflowJournal _journal = null!;
    private WorkflowEngine _engine = null!;
    private WorkflowEngine _inMemoryEngine = null!;
    private WorkflowDefinition _definition = null!;
    private RawSqliteCommitLoop _raw = null!;
    private int _commits;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "messier-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        var registry = BenchWorkflows.Registry();
        _definition = BenchWorkflows.DurableLoop(registry, Steps);
        _journal = SqliteWorkflowJournal.OpenAsync(Path.Combine(_folder, "engine.db"), CancellationToken.None).GetAwaiter().GetResult();

        // Calibration: one run through a counting wrapper says how many write transactions the
        // engine makes and how big they are; the raw loop then makes as many, as big.
        var counting = new CountingJournal(_journal);
        Run(new WorkflowEngine(counting, registry, new NoCommandRunner()));
        if (counting.Commits < 2 * Steps)
        {
            throw new InvalidOperationException($"Expected at least {2 * Steps} commits for {Steps} durable steps, the engine made {counting.Commits}.");
        }

        _commits = counting.Writes;
        _raw = new RawSqliteCommitLoop(
            Path.Combine(_folder, "raw.db"),
            stateBytes: (int)(counting.StateBytes / (counting.Commits + 1)),
            entryBytes: (int)(counting.EntryBytes / counting.Writes));
        _engine = new WorkflowEngine(_journal, registry, new NoCommandRunner());
        _inMemoryEngine = new WorkflowEngine(new InMemoryWorkflowJournal(), registry, new NoCommandRunner());
        Console.WriteLine($"// calibration: {Steps} steps -> {counting.Writes} write transactions ({counting.Commits} commits), " +
            $"{counting.EntryRows} journal rows, state {counting.StateBytes / (counting.Commits + 1)} B/commit, journal data {counting.EntryBytes / counting.Writes} B/commit");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _journal.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Steps, Description = "raw SQLite loop, same commits")]
    public void RawSqlite() => _raw.Run(_commits);

    [Benchmark(OperationsPerInvoke = Steps, Description = "WorkflowEngine + SqliteWorkflowJournal")]
    public void DurableEngine() => Run(_engine);

    /// <summary>Not a goal, a diagnosis: the same workflow over the in-memory journal, i.e. the interpreter's own cost per durable step.</summary>
    [Benchmark(OperationsPerInvoke = Steps, Description = "WorkflowEngine + in-memory journal")]
    public void InMemoryEngine() => Run(_inMemoryEngine);

    /// <summary>For the paired diagnostic: the engine over a counting wrapper, which also times the commits.</summary>
    internal CountingJournal RunCounted()
    {
        var counting = new CountingJournal(_journal);
        Run(new WorkflowEngine(counting, BenchWorkflows.Registry(), new NoCommandRunner()));
        return counting;
    }

    private void Run(WorkflowEngine engine)
    {
        var result = engine.StartAsync(_definition, new Dictionary<string, JsonNode?>(), CancellationToken.None).GetAwaiter().GetResult();
        if (result.Status != InstanceStatus.Finished)
        {
            throw new InvalidOperationException($"The bench workflow ended {result.Status}: {result.Message}");
        }
    }
}
