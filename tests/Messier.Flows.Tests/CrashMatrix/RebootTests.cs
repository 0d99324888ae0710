using System.Diagnostics;
using Messier.Flows.Tests.Support;

namespace Messier.Flows.Tests.CrashMatrix;

/// <summary>
/// A reboot in the middle of setup-host, simulated as closely as one machine allows: messier,
/// dockerd, containerd and zfs-fuse are all SIGKILLed while Docker's data is being moved; then, as
/// at boot, zfs-fuse starts again and the pool is imported, Docker tries to start (through the
/// same check the installed drop-in runs, `messier hold check docker.service`) and must be
/// refused, and `messier resume --all` (what messier-resume.service runs) finishes the flow, which
/// starts Docker itself on the moved data.
/// </summary>
public sealed class RebootTests
{
    [Fact]
    public async Task After_an_unclean_reboot_mid_move_Docker_is_held_until_the_resumed_flow_finishes()
    {
        using var host = new FlowHost(docker: true);
        var docker = host.Docker!;
        docker.StartCheck = [RepositoryPaths.MessierBinary, "--journal", host.Messier.JournalPath, "hold", "check", "docker.service"];
        docker.Populate();
        ScenarioData.Write(host.PathOf("/var/lib/containerd/extra"), "containerd");
        var before = docker.Listing();
        var input = host.Messier.PathOf("input.json");
        await File.WriteAllTextAsync(input, host.SetupInput().ToJsonString());

        // Pull the plug once Docker's data has been moved aside: the copy is next.
        using (var run = host.Messier.Start(["run", "setup-host", "--input-file", input]))
        {
            _ = run.StandardOutput.ReadToEndAsync();
            _ = run.StandardError.ReadToEndAsync();
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (!Directory.Exists(host.PathOf("/var/lib/docker.orig")) && !run.HasExited && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            Assert.False(run.HasExited, "setup-host ended before the data was moved aside");
            run.Kill();
            KillFromPidFile(Path.Combine(docker.StateDirectory, "dockerd.pid"));
            KillFromPidFile(Path.Combine(docker.StateDirectory, "containerd.pid"));
            KillByName("zfs-fuse");
            await run.WaitForExitAsync();
        }

        // Boot: the kernel forgot the FUSE mounts, zfs-fuse starts, the pool is imported and mounted.
        foreach (var mount in Shell.Must("findmnt", "-rn", "-t", "fuse,fuse.zfs", "-o", "TARGET").Split('\n', StringSplitOptions.RemoveEmptyEntries).OrderByDescending(m => m.Length))
        {
            Shell.Run("umount", "-l", mount);
        }

        ZfsFuse.EnsureRunning();
        if (!host.Zfs.PoolImported)
        {
            Shell.Must("zpool", "import", "-d", host.Zfs.DriveDirectory, host.Pool);
        }

        Shell.Run("zfs", "mount", "-a");
        Assert.True(Directory.Exists(host.PathOf("/var/lib/docker.orig")), "the moved-aside data must have survived the reboot");

        // Docker at boot: refused while the interrupted flow holds it.
        var boot = docker.TryStart();
        Assert.True(boot.ExitCode != 0, $"Docker started on half-moved data:\n{boot.Output}");
        Assert.Contains("held: instance", boot.Output, StringComparison.Ordinal);
        Assert.False(docker.IsActive);

        // messier-resume.service.
        var resumed = await host.Messier.RunAsync(["resume", "--all"], timeout: TimeSpan.FromMinutes(5));

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.True(docker.IsActive, "the resumed flow starts Docker when it is done");
        Assert.Equal(before, docker.Listing());
        Assert.False(Directory.Exists(host.PathOf("/var/lib/docker.orig")));
        Assert.Equal("yes", host.Property("docker", "mounted"));
        Assert.Equal(0, (await host.Messier.RunAsync(["hold", "check", "docker.service"])).ExitCode);
        Assert.All(await host.Messier.ListAsync(), i => Assert.Equal("finished", i!["status"]!.GetValue<string>()));
    }

    /// <summary>SIGKILL, as a power cut would end it (the flow has usually stopped Docker already).</summary>
    private static void KillFromPidFile(string pidFile)
    {
        if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
        {
            Shell.Run("kill", "-9", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static void KillByName(string name)
    {
        foreach (var process in Process.GetProcessesByName(name))
        {
            using (process)
            {
                try
                {
                    process.Kill();
                    process.WaitForExit(5000);
                }
                catch (InvalidOperationException)
                {
                    // Gone already.
                }
            }
        }
    }
}
