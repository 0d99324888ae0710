using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Perfolizer.Mathematics.OutlierDetection;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Messier.Benchmarks;

/// <summary>
/// For benchmarks whose one invocation is a whole workflow run (milliseconds to seconds): no pilot
/// stage, a fixed count of warmups and measured iterations, one invocation each. In-process, so the
/// run needs no generated project (the repository builds with warnings as errors). Op/s is steps/s:
/// each benchmark declares its steps per invocation as OperationsPerInvoke.
/// </summary>
public sealed class MacroBenchmarkConfig : ManualConfig
{
    public MacroBenchmarkConfig()
    {
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(15)
            .WithIterationCount(30)
            .WithOutlierMode(OutlierMode.RemoveUpper)
            .WithToolchain(InProcessEmitToolchain.Instance));
        AddColumn(StatisticColumn.OperationsPerSecond);
        WithSummaryStyle(BenchmarkDotNet.Reports.SummaryStyle.Default.WithRatioStyle(RatioStyle.Value));
    }
}
