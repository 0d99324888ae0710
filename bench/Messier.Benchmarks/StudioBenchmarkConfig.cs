using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Messier.Benchmarks;

/// <summary>
/// For the Studio's requests (a millisecond or so each): BenchmarkDotNet's own pilot and
/// iteration counts, in-process (the server runs inside the benchmark process, as it runs inside
/// `messier studio`), with Ratio against the static-file baseline.
/// </summary>
public sealed class StudioBenchmarkConfig : ManualConfig
{
    public StudioBenchmarkConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(5)
            .WithIterationCount(20)
            .WithToolchain(InProcessEmitToolchain.Instance));
        WithSummaryStyle(BenchmarkDotNet.Reports.SummaryStyle.Default.WithRatioStyle(RatioStyle.Value));
    }
}
