namespace Messier.Flows.Tests.CrashMatrix;

/// <summary>
/// Every built-in flow that changes a host, killed with SIGKILL at its journal boundaries and
/// resumed, must end exactly as an uninterrupted run. The sample interrupts every step type at
/// least once across the scenarios (each scenario adds the types the earlier ones did not reach,
/// plus its first, last and two spread writes), and every step type that runs commands is killed
/// while its first command runs; MESSIER_CRASH_MATRIX=full kills after every single write and
/// during every single command. docs/reliability.md has the counts and the commands.
/// </summary>
public sealed class CrashMatrixTests
{
    private static readonly CrashScenario[] All =
    [
        Scenarios.SetupHostFreshInstall,
        Scenarios.SetupHostImport,
        Scenarios.SetupHostPoolImported,
        Scenarios.OrigRestore,
        Scenarios.DirectoryToDataset,
        Scenarios.PreseedFromSnapshot,
        Scenarios.PreseedFromRestic,
        Scenarios.SetupHostFreshInstallWithDocker,
    ];

    /// <summary>
    /// Whether a MESSIER_CRASH_MATRIX_ONLY entry picks the scenario: its whole name, or a part of it
    /// when no scenario has exactly that name ("setup-host, fresh install" is then the plain one
    /// only, though it is also part of the name of the one with Docker).
    /// </summary>
    private static bool Selects(string entry, CrashScenario scenario) =>
        All.Any(s => string.Equals(s.Name, entry, StringComparison.OrdinalIgnoreCase))
            ? string.Equals(scenario.Name, entry, StringComparison.OrdinalIgnoreCase)
            : scenario.Name.Contains(entry, StringComparison.OrdinalIgnoreCase);

    [Fact]
    public async Task Every_flow_killed_at_sampled_journal_writes_resumes_to_its_uninterrupted_end_state()
    {
        var covered = new HashSet<string>(StringComparer.Ordinal);
        var results = new List<CrashMatrixResult>();
        var only = Environment.GetEnvironmentVariable(CrashMatrixRunner.OnlyVariable) is { Length: > 0 } filter ? filter.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : null;
        foreach (var scenario in All.Where(s => only is null || only.Any(o => Selects(o, s))))
        {
            results.Add(await CrashMatrixRunner.RunAsync(scenario, covered));
        }

        Assert.NotEmpty(results);
        Assert.All(results, r => Assert.True(r.KilledAfterWrites >= Math.Min(r.Writes, 3), r.ToString()));
        if (only is not null)
        {
            return;
        }

        foreach (var type in new[] { "CreatePool", "ImportPool", "EnsureDataset", "StopServices", "StartServices", "MoveAside", "CopyTree", "VerifyTree", "RemoveVerifiedCopy", "EnsureOwnership", "Rollback", "ResticRestore", "EnsureDockerNetwork", "Call" })
        {
            Assert.Contains(type, covered);
        }

        // Every step type that runs commands was also killed while one of them ran.
        foreach (var type in new[] { "CreatePool", "ImportPool", "EnsureDataset", "StopServices", "StartServices", "CopyTree", "VerifyTree", "RemoveVerifiedCopy", "EnsureOwnership", "Rollback", "ResticRestore", "EnsureDockerNetwork" })
        {
            Assert.Contains("during:" + type, covered);
        }

        Console.WriteLine($"crash matrix: interrupted {string.Join(", ", covered.Order(StringComparer.Ordinal))}");
    }
}
