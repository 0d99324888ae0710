using System.Text;
using BenchmarkDotNet.Attributes;
using Messier.Workflows.Definitions;

namespace Messier.Benchmarks;

/// <summary>
/// Loading (validating) a large definition whose activities sit 120 Sequences deep, against the
/// same activities in one flat Sequence (the baseline: same size, same count of activities). The
/// loader used to make a JSON path for every token to map errors to lines; a token's path is as
/// long as it is deep, so the deep text cost far more than the flat one. The "invalid" case puts
/// one error at the innermost activity, so the line lookup runs too.
/// </summary>
[Config(typeof(DefinitionLoadConfig))]
public class DefinitionLoadBenchmarks
{
    /// <summary>Sequences around the activities: each adds two JSON levels (object and array).</summary>
    public const int Depth = 120;

    public const int Activities = 20_000;

    private DefinitionLoader _loader = null!;
    private string _flat = string.Empty;
    private string _deep = string.Empty;
    private string _deepInvalid = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _loader = new DefinitionLoader(BenchWorkflows.Registry());
        _flat = Definition(depth: 0, invalid: false);
        _deep = Definition(Depth, invalid: false);
        _deepInvalid = Definition(Depth, invalid: true);

        // A benchmark of a load that fails (or passes) for the wrong reason measures nothing.
        Require(_loader.Load(_flat, null).IsValid && _loader.Load(_deep, null).IsValid, "the flat and deep definitions must load");
        var errors = _loader.Load(_deepInvalid, null).Errors;
        Require(errors.Count == 1 && errors[0].Line is not null, $"the invalid one must have one located error, got {string.Join("; ", errors)}");
        Console.WriteLine($"// definition sizes: flat {_flat.Length / 1024} KiB, deep {_deep.Length / 1024} KiB");
    }

    [Benchmark(Baseline = true, Description = "flat: 20,000 activities in one Sequence")]
    public bool Flat() => _loader.Load(_flat, null).IsValid;

    [Benchmark(Description = "deep: the same, 120 Sequences (240 JSON levels) down")]
    public bool Deep() => _loader.Load(_deep, null).IsValid;

    [Benchmark(Description = "deep, with one error at the bottom")]
    public bool DeepInvalid() => _loader.Load(_deepInvalid, null).IsValid;

    private static string Definition(int depth, bool invalid)
    {
        var text = new StringBuilder("""{"name": "load-bench", "root": """);
        for (var i = 0; i < depth; i++)
        {
            text.Append('\n').Append(' ', i).Append($$"""{"type": "Sequence", "id": "s{{i}}", "activities": [""");
        }

        text.Append("""{"type": "Sequence", "id": "body", "activities": [""");
        for (var i = 0; i < Activities; i++)
        {
            var level = invalid && i == Activities - 1 ? "loud" : "info";
            text.Append(i == 0 ? "\n" : ",\n").Append($$"""{"type": "Log", "id": "log{{i}}", "level": "{{level}}", "message": "line {{i}} of the log"}""");
        }

        text.Append("]}");
        for (var i = 0; i < depth; i++)
        {
            text.Append("]}");
        }

        return text.Append('}').ToString();
    }

    private static void Require(bool condition, string why)
    {
        if (!condition)
        {
            throw new InvalidOperationException(why);
        }
    }
}

/// <summary>Loads take tens to hundreds of milliseconds: a few warmups and iterations are enough.</summary>
public sealed class DefinitionLoadConfig : MacroBenchmarkConfig
{
    public DefinitionLoadConfig()
        : base(warmups: 3, iterations: 10)
    {
    }
}
