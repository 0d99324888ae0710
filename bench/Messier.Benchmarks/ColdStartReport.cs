using System.Globalization;
using System.Text.Json.Nodes;

namespace Messier.Benchmarks;

/// <summary>
/// Reads hyperfine JSON exports (one per round) and prints each command's time as a ratio against
/// the baseline command measured in the same round (hyperfine 1.15, Debian 12's, has no
/// --reference). On a shared machine the load drifts while hyperfine runs one command after the
/// other, so the script runs several short rounds and the headline ratio is the median of the
/// per-round ratios of means: a round's commands ran within seconds of each other.
/// Goals are NAME=MAX pairs checked against that ratio; a missed goal is a finding, not a failure (exit 0).
/// </summary>
public static class ColdStartReport
{
    /// <summary>Arguments: <c>--baseline NAME [--goal NAME=MAX]... FILE.json...</c>.</summary>
    public static int Run(IReadOnlyList<string> args)
    {
        string? baselineName = null;
        var limits = new Dictionary<string, double>(StringComparer.Ordinal);
        var files = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--baseline":
                    baselineName = args[++i];
                    break;
                case "--goal":
                    var pair = args[++i].Split('=', 2);
                    limits[pair[0]] = double.Parse(pair[1], CultureInfo.InvariantCulture);
                    break;
                default:
                    files.Add(args[i]);
                    break;
            }
        }

        if (baselineName is null || files.Count == 0)
        {
            Console.Error.WriteLine("usage: ratios --baseline NAME [--goal NAME=MAX]... HYPERFINE.json...");
            return 2;
        }

        var rounds = files.Select(Read).ToList();
        var names = rounds[0].Keys.ToList();
        Console.WriteLine($"{rounds.Count} rounds; ratios are against '{baselineName}' in the same round.");
        Console.WriteLine();
        Console.WriteLine("| Command | Runs | Mean ± σ [ms] | Median [ms] | Min [ms] | Ratio: median of rounds' mean ratios | Ratio of medians | Ratio of minimums | Goal |");
        Console.WriteLine("|:---|---:|---:|---:|---:|---:|---:|---:|:---|");
        var baselineAll = rounds.SelectMany(r => r[baselineName]).ToList();
        foreach (var name in names)
        {
            var all = rounds.SelectMany(r => r[name]).ToList();
            var perRound = Median(rounds.Select(r => r[name].Average() / r[baselineName].Average()).ToList());
            var mean = all.Average();
            var sd = Math.Sqrt(all.Sum(t => (t - mean) * (t - mean)) / Math.Max(1, all.Count - 1));
            var goal = limits.TryGetValue(name, out var max)
                ? $"≤ {max.ToString("0.##", CultureInfo.InvariantCulture)}×: {(perRound <= max ? "met" : "not met")}"
                : name == baselineName ? "baseline" : "";
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {name} | {all.Count} | {mean * 1000:F1} ± {sd * 1000:F1} | {Median(all) * 1000:F1} | {all.Min() * 1000:F1} | {perRound:F2} | {Median(all) / Median(baselineAll):F2} | {all.Min() / baselineAll.Min():F2} | {goal} |"));
        }

        return 0;
    }

    /// <summary>Each command's run times in seconds, in hyperfine's order.</summary>
    private static Dictionary<string, List<double>> Read(string path)
    {
        var results = (JsonNode.Parse(File.ReadAllText(path))?["results"] as JsonArray)
            ?? throw new InvalidOperationException($"{path} is not a hyperfine JSON export.");
        return results.ToDictionary(
            r => r!["command"]!.GetValue<string>(),
            r => r!["times"]!.AsArray().Select(t => t!.GetValue<double>()).ToList(),
            StringComparer.Ordinal);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
