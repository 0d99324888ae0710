using System.Globalization;
using System.Text.Json.Nodes;

namespace Messier.Benchmarks;

/// <summary>
/// Reads hyperfine's JSON export and prints each command's time as a ratio against the baseline
/// command measured in the same hyperfine run (hyperfine 1.15, Debian 12's, has no --reference).
/// Goals are given as NAME=MAX pairs; the exit code is 0 either way (a missed goal is a finding, not a crash).
/// </summary>
public static class ColdStartReport
{
    public static int Run(string jsonPath, string baselineName, IReadOnlyList<string> goals)
    {
        var results = (JsonNode.Parse(File.ReadAllText(jsonPath))?["results"] as JsonArray)
            ?? throw new InvalidOperationException($"{jsonPath} is not a hyperfine JSON export.");
        var rows = results.Select(r => (
            Name: r!["command"]!.GetValue<string>(),
            Mean: r["mean"]!.GetValue<double>(),
            StdDev: r["stddev"]?.GetValue<double?>() ?? 0,
            Median: r["median"]!.GetValue<double>(),
            Min: r["min"]!.GetValue<double>(),
            Runs: (r["times"] as JsonArray)?.Count ?? 0)).ToList();
        var baseline = rows.FirstOrDefault(r => r.Name == baselineName);
        if (baseline.Name is null)
        {
            throw new InvalidOperationException($"No command named '{baselineName}' in {jsonPath}.");
        }

        var limits = goals.Select(g => g.Split('=', 2)).ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
        Console.WriteLine("| Command | Runs | Mean ± σ [ms] | Median [ms] | Min [ms] | Ratio (mean) | Ratio (median) | Ratio (min) | Goal (on the mean ratio) |");
        Console.WriteLine("|:---|---:|---:|---:|---:|---:|---:|---:|:---|");
        foreach (var row in rows)
        {
            var ratio = row.Mean / baseline.Mean;
            var medianRatio = row.Median / baseline.Median;
            var minRatio = row.Min / baseline.Min;
            var goal = limits.TryGetValue(row.Name, out var max)
                ? $"≤ {max.ToString("0.##", CultureInfo.InvariantCulture)}×: {(ratio <= max ? "met" : "NOT met")}"
                : row.Name == baselineName ? "baseline" : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {row.Name} | {row.Runs} | {row.Mean * 1000:F1} ± {row.StdDev * 1000:F1} | {row.Median * 1000:F1} | {row.Min * 1000:F1} | {ratio:F2} | {medianRatio:F2} | {minRatio:F2} | {goal} |"));
        }

        return 0;
    }
}
