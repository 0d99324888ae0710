using System.Globalization;
using BenchmarkDotNet.Running;
using Messier.Benchmarks;

// `seed PATH [COUNT]` fills a journal for bench/run-cold-start and `ratios --baseline NAME [--goal
// NAME=MAX]... HYPERFINE.json...` prints its ratios; `cold-journal PATH` times a cold open and list;
// `paired [ROUNDS]` is a diagnostic of
// the durable benchmark (both sides alternately, with the time spent inside the journal's commits);
// anything else goes to BenchmarkDotNet (e.g. `--filter '*'`, `--filter '*DurableSteps*'`).
if (args is ["seed", var path, ..])
{
    var count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10_000;
    return await JournalSeeder.RunAsync(path, count, CancellationToken.None);
}

if (args is ["ratios", ..])
{
    return ColdStartReport.Run(args[1..]);
}

if (args is ["cold-journal", var journalPath])
{
    // Diagnostic: what the journal itself costs a cold process (JIT included): open, then list as
    // `messier instances list` does. Run it as its own process, e.g. under hyperfine or once.
    var clock = System.Diagnostics.Stopwatch.StartNew();
    await using var journal = await Messier.Journal.SqliteWorkflowJournal.OpenAsync(journalPath, CancellationToken.None);
    var opened = clock.Elapsed;
    var listed = await journal.ListInstancesAsync(new Messier.Workflows.Journal.InstanceQuery([], Take: 1000), CancellationToken.None);
    var total = clock.Elapsed;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"open {opened.TotalMilliseconds:F1} ms, list {listed.Count} rows {(total - opened).TotalMilliseconds:F1} ms"));
    return 0;
}

if (args is ["paired", ..])
{
    // Diagnostic: the durable benchmark's two sides alternately, so that the disk's drift hits both alike.
    var bench = new DurableStepsBenchmarks();
    bench.Setup();
    var rounds = args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out var n) ? n : 20;
    var raw = new List<double>();
    var durable = new List<double>();
    var rawCpu = TimeSpan.Zero;
    var durableCpu = TimeSpan.Zero;
    var process = System.Diagnostics.Process.GetCurrentProcess();
    // Ten unmeasured rounds first, for the JIT's tiers to settle.
    for (var i = 0; i < 10; i++)
    {
        bench.RawSqlite();
        bench.DurableEngine();
    }

    for (var i = 0; i < rounds; i++)
    {
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        bench.RawSqlite();
        raw.Add(stopwatch.Elapsed.TotalMicroseconds / DurableStepsBenchmarks.Steps);
        process.Refresh();
        rawCpu += process.TotalProcessorTime - cpu;
        cpu = process.TotalProcessorTime;
        stopwatch.Restart();
        var counted = bench.RunCounted();
        durable.Add(stopwatch.Elapsed.TotalMicroseconds / DurableStepsBenchmarks.Steps);
        process.Refresh();
        durableCpu += process.TotalProcessorTime - cpu;
        Console.WriteLine($"round {i}: raw {raw[^1]:F0} us/step, durable {durable[^1]:F0} us/step (of which in SqliteWorkflowJournal.CommitAsync {counted.CommitTime.TotalMicroseconds / DurableStepsBenchmarks.Steps:F0}), ratio {durable[^1] / raw[^1]:F2}");
    }

    Console.WriteLine($"CPU (user+sys): raw {rawCpu.TotalMicroseconds / rounds / DurableStepsBenchmarks.Steps:F0} us/step, durable {durableCpu.TotalMicroseconds / rounds / DurableStepsBenchmarks.Steps:F0} us/step");
    // Each round's two sides ran back to back, so the per-round ratio is what the disk's drift
    // disturbs least: report its median and quartiles.
    var ratios = raw.Zip(durable, (r, d) => r / d).Order().ToList();
    raw.Sort();
    durable.Sort();
    Console.WriteLine($"median: raw {raw[rounds / 2]:F0} us/step, durable {durable[rounds / 2]:F0} us/step");
    Console.WriteLine($"steps/s ratio durable/raw, per round: median {ratios[rounds / 2]:F2}, quartiles {ratios[rounds / 4]:F2} .. {ratios[3 * rounds / 4]:F2} ({rounds} rounds)");
    bench.Cleanup();
    return 0;
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(DurableStepsBenchmarks).Assembly).Run(args);
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
