using System.Globalization;

namespace Messier.Workflows.Tests.Fuzzing;

/// <summary>
/// How many cases the fuzzer runs and from which seed. CI runs the defaults; a longer hunt sets
/// MESSIER_FUZZ_CASES, and a failure is reproduced alone with MESSIER_FUZZ_SEED=its seed and MESSIER_FUZZ_CASES=1.
/// </summary>
internal static class FuzzSettings
{
    public const string CasesVariable = "MESSIER_FUZZ_CASES";
    public const string SeedVariable = "MESSIER_FUZZ_SEED";

    /// <summary>About 30 s on two cores; enough for every mutation to hit every seed several times.</summary>
    public const int DefaultCases = 3_000;

    /// <summary>Fixed, so CI always runs the same cases: a failure there is a failure here.</summary>
    public const int DefaultSeed = 20_240_401;

    public static int Cases => Read(CasesVariable, DefaultCases);

    public static int FirstSeed => Read(SeedVariable, DefaultSeed);

    private static int Read(string variable, int fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } text
            ? int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : fallback;
}
