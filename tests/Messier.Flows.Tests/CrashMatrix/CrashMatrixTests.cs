namespace Messier.Flows.Tests.CrashMatrix;

/// <summary>
/// Every built-in flow that changes a host, killed with SIGKILL at its journal boundaries and
/// resumed, must end exactly as an uninterrupted run. The sample interrupts every step type at
/// least once across the scenarios (each scenario adds the types the earlier ones did not reach,
/// plus its first, last and two spread writes); MESSIER_CRASH_MATRIX=full kills after every
/// single write. docs/reliability.md has the counts and the commands.
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

    [Fact]
    public async Task Every_flow_killed_at_sampled_journal_writes_resumes_to_its_uninterrupted_end_state()
    {
        var covered = new HashSet<string>(StringComparer.Ordinal);
        var results = new List<CrashMatrixResult>();
        var only = Environment.GetEnvironmentVariable(CrashMatrixRunner.OnlyVariable) is { Length: > 0 } filter ? filter.Split(',') : null;
        foreach (var scenario in All.Where(s => only is null || only.Any(o => s.Name.Contains(o, StringComparison.OrdinalIgnoreCase))))
        {
            results.Add(await CrashMatrixRunner.RunAsync(scenario, covered));
        }

        Assert.NotEmpty(results);
        Assert.All(results, r => Assert.True(r.Killed >= Math.Min(r.Writes, 3), r.ToString()));
        if (only is not null)
        {
            return;
        }

        foreach (var type in new[] { "CreatePool", "ImportPool", "EnsureDataset", "StopServices", "StartServices", "MoveAside", "CopyTree", "VerifyTree", "RemoveVerifiedCopy", "EnsureOwnership", "Rollback", "ResticRestore", "EnsureDockerNetwork", "Call" })
        {
            Assert.Contains(type, covered);
        }
    }
}
