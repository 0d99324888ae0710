using System.Text.Json.Nodes;
using Messier.Testing;

namespace Messier.Cli.Tests.Crash;

/// <summary>Runs samples/durable-demo.json and checks what an operator would: the file, the instance, the journal.</summary>
internal static class DurableDemo
{
    public static string DefinitionPath => Path.Combine(RepositoryPaths.Samples, "durable-demo.json");

    public static string[] RunArgs(string outFile, int steps, double sleepSeconds) =>
        ["run", DefinitionPath, "--input", $"out={outFile}", "--input", $"steps={steps}", "--input", $"sleepSeconds={sleepSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}"];

    /// <summary>The end state of an uninterrupted run: each line once, in order, every step accounted for, no line appended twice.</summary>
    public static async Task AssertFinishedCorrectlyAsync(MessierSandbox sandbox, string instanceId, string outFile, int steps, string context)
    {
        var expected = Enumerable.Range(1, steps).Select(i => $"step {i}").ToArray();
        Assert.True(File.Exists(outFile), $"{context}: {outFile} is missing");
        Assert.Equal(expected, File.ReadAllLines(outFile));

        var detail = await sandbox.ShowAsync(instanceId);
        Assert.True("finished" == detail["status"]!.GetValue<string>(), $"{context}: status is {detail["status"]}");

        var journal = detail["journal"]!.AsArray().Select(e => e!.AsObject()).ToList();
        var sequences = journal.Select(e => e["sequence"]!.GetValue<long>()).ToList();
        Assert.Equal(Enumerable.Range(1, journal.Count).Select(i => (long)i), sequences);
        Assert.Single(journal, e => e["event"]!.GetValue<string>() == "instance-finished");

        // Every append step ended exactly once per line: applied, or observed as already done.
        var appendEnds = journal.Count(e => e["activityId"]?.GetValue<string>() == "append" && e["event"]!.GetValue<string>() is "completed" or "observed-done");
        Assert.True(steps == appendEnds, $"{context}: {appendEnds} append completions for {steps} steps");

        // The line-appending command ran once per line, never again once its line was there.
        var tees = detail["commands"]!.AsArray().Count(c => c!["argv"]![0]!.GetValue<string>() == "tee");
        Assert.True(steps == tees, $"{context}: tee ran {tees} times for {steps} lines");
    }

    public static async Task<string> SingleInstanceIdAsync(MessierSandbox sandbox)
    {
        var list = await sandbox.ListAsync();
        return Assert.Single(list)!["id"]!.GetValue<string>();
    }

    public static IEnumerable<JsonObject> Entries(JsonObject detail) => detail["journal"]!.AsArray().Select(e => e!.AsObject());
}
