using Messier.Testing;

namespace Messier.Cli.Tests.Boot;

/// <summary>`messier install-units` writes units that systemd-analyze accepts and that run this messier on this journal.</summary>
public sealed class InstallUnitsTests : IDisposable
{
    private readonly MessierSandbox sandbox = new();

    public void Dispose() => sandbox.Dispose();

    [Fact]
    public async Task The_resume_unit_and_the_hold_drop_ins_are_written_and_pass_systemd_analyze_verify()
    {
        var units = sandbox.PathOf("units");

        var result = await sandbox.RunAsync(["install-units", "--directory", units]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var resume = File.ReadAllText(Path.Combine(units, "messier-resume.service"));
        Assert.Contains($"ExecStart={RepositoryPaths.MessierBinary} --journal {sandbox.JournalPath} resume --all", resume, StringComparison.Ordinal);
        Assert.Contains("After=local-fs.target zfs-import.target zfs-mount.service", resume, StringComparison.Ordinal);
        Assert.Contains("Before=docker.service containerd.service", resume, StringComparison.Ordinal);

        // Not a oneshot: Docker's start job, ordered after it, would wait for the flow that starts Docker.
        Assert.Contains("\nType=exec\n", resume, StringComparison.Ordinal);
        foreach (var unit in new[] { "docker.service", "containerd.service" })
        {
            var dropIn = File.ReadAllText(Path.Combine(units, unit + ".d", "messier-hold.conf"));
            Assert.Contains($"ExecStartPre={RepositoryPaths.MessierBinary} --journal {sandbox.JournalPath} hold check {unit}", dropIn, StringComparison.Ordinal);
        }

        var verified = Shell.Run("systemd-analyze", "verify", Path.Combine(units, "messier-resume.service"));
        Assert.True(verified.ExitCode == 0 && verified.Output.Trim().Length == 0, verified.Output);

        // The drop-ins, loaded onto stand-in units from the same folder: systemd-analyze says
        // nothing about good ones, and does complain about a broken one, so the check can fail.
        foreach (var unit in new[] { "docker.service", "containerd.service" })
        {
            File.WriteAllText(Path.Combine(units, unit), "[Unit]\nDescription=stand-in\n[Service]\nExecStart=/bin/true\n");
            Assert.Equal(string.Empty, Verify(units, unit));
        }

        File.WriteAllText(Path.Combine(units, "docker.service.d", "broken.conf"), "[Service]\nExecStartPre=relative/path\n");
        Assert.Contains("broken.conf", Verify(units, "docker.service"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Print_shows_the_units_and_writes_nothing()
    {
        var units = sandbox.PathOf("units");

        var result = await sandbox.RunAsync(["install-units", "--directory", units, "--print"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("# messier-resume.service", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("# docker.service.d/messier-hold.conf", result.StandardOutput, StringComparison.Ordinal);
        Assert.False(Directory.Exists(units));
    }

    private static string Verify(string units, string unit)
    {
        var info = new System.Diagnostics.ProcessStartInfo("systemd-analyze") { RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add("verify");
        info.ArgumentList.Add(Path.Combine(units, unit));
        info.Environment["SYSTEMD_UNIT_PATH"] = units + ":";
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return output.Trim();
    }
}
