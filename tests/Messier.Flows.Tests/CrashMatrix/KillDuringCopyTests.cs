using Messier.Flows.Tests.Support;

namespace Messier.Flows.Tests.CrashMatrix;

/// <summary>
/// The long step of a conversion is the copy: messier is SIGKILLed from outside while rsync is
/// half way through a large tree, then resumed. The copy must be finished, verified and only then
/// the aside copy removed. (The dead runner's rsync dies of a broken pipe as soon as it next
/// reports progress; a quieter command that outlives its runner is stopped by the resume, which
/// LeftoverCommandTests shows.)
/// </summary>
public sealed class KillDuringCopyTests
{
    [Fact]
    public async Task A_conversion_killed_mid_copy_resumes_to_an_identical_dataset()
    {
        using var host = new FlowHost(driveBytes: ScenarioData.LargeConversionDriveBytes);
        var (service, input) = await ScenarioData.LargeConversionAsync(host);
        var before = TreeManifest.Of(service);

        using var run = host.Messier.Start(["run", "directory-to-dataset", "--input-file", input]);
        _ = run.StandardOutput.ReadToEndAsync();
        _ = run.StandardError.ReadToEndAsync();
        var copying = await Poll.UntilAsync(() => RunningCopies.RsyncWriting(service) is not null, TimeSpan.FromMinutes(2));
        Assert.True(copying, "rsync never started copying into the dataset");
        run.Kill();
        await run.WaitForExitAsync();
        var aside = service + ".orig";
        Assert.True(Directory.Exists(aside), "the aside copy must still be there after the kill");

        var resumed = await host.Messier.RunAsync(["resume", "--all"], timeout: TimeSpan.FromMinutes(5));

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("was in flight when the last runner stopped", resumed.StandardOutput, StringComparison.Ordinal);

        before.AssertSameAs(TreeManifest.Of(service), wholeSecondMtimes: true);
        Assert.False(Directory.Exists(aside));
        Assert.Equal(service, host.Property("media", "mountpoint"));
        Assert.Null(RunningCopies.RsyncWriting(service));
    }
}
