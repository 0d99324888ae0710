using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Mathematics.OutlierDetection;

namespace Messier.Benchmarks;

/// <summary>
/// For benchmarks whose one invocation is a whole workflow run (milliseconds to seconds): no pilot
/// stage, a fixed count of warmups and measured iterations, one invocation each. In-process, so the
/// run needs no generated project (the repository builds with warnings as errors). Op/s is steps/s:
/// each benchmark declares its steps per invocation as OperationsPerInvoke.
/// </summary>
public class MacroBenchmarkConfig : ManualConfig
{
    public MacroBenchmarkConfig()
        : this(warmups: 15, iterations: 30)
    {
    }

    protected MacroBenchmarkConfig(int warmups, int iterations)
    {
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(warmups)
            .WithIterationCount(iterations)
            .WithOutlierMode(OutlierMode.RemoveUpper)
            .WithToolchain(InProcessEmitToolchain.Instance));
        AddColumn(StatisticColumn.OperationsPerSecond);
        WithSummaryStyle(BenchmarkDotNet.Reports.SummaryStyle.Default.WithRatioStyle(RatioStyle.Value));
    }
}

/// <summary>
/// The control-flow runs are short (tens of milliseconds) and allocate heavily (a Jint engine per
/// expression): more warmup, so that the first-measured baseline does not pay for the JIT's tiering
/// of Jint, and more iterations.
/// </summary>
public sealed class ShortMacroBenchmarkConfig : MacroBenchmarkConfig
{
    public ShortMacroBenchmarkConfig()
        : base(warmups: 60, iterations: 60)
    {
    }
}
