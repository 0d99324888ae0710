namespace Messier.Flows.Tests.CrashMatrix;

/// <summary>
/// Every built-in flow that changes a host, killed with SIGKILL at its journal boundaries and
/// resumed, must end exactly as an uninterrupted run: the sample here interrupts every step type
/// of each flow at least once; MESSIER_CRASH_MATRIX=full kills after every single write
/// (docs/reliability.md has the counts and the command).
/// </summary>
public sealed class CrashMatrixTests
{
    [Fact]
    public Task Setup_host_fresh_install() => RunAsync(Scenarios.SetupHostFreshInstall);

    [Fact]
    public Task Setup_host_import_after_export() => RunAsync(Scenarios.SetupHostImport);

    [Fact]
    public Task Setup_host_pool_imported_without_datasets() => RunAsync(Scenarios.SetupHostPoolImported);

    [Fact]
    public Task Orig_restore() => RunAsync(Scenarios.OrigRestore);

    [Fact]
    public Task Directory_to_dataset() => RunAsync(Scenarios.DirectoryToDataset);

    [Fact]
    public Task Preseed_restore_from_a_snapshot() => RunAsync(Scenarios.PreseedFromSnapshot);

    [Fact]
    public Task Preseed_restore_from_restic() => RunAsync(Scenarios.PreseedFromRestic);

    private static async Task RunAsync(CrashScenario scenario)
    {
        var result = await CrashMatrixRunner.RunAsync(scenario);

        Assert.True(result.Killed >= Math.Min(result.Writes, 3), result.ToString());
    }
}
