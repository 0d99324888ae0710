using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Messier.Testing;

namespace Messier.Cli.Tests.BadInput;

/// <summary>
/// "No shell is ever started", checked by the kernel's word: messier runs under
/// <c>strace -f -e trace=execve</c>, and every program executed by it or its children is listed.
/// </summary>
public sealed partial class NoShellTests : IDisposable
{
    private static readonly HashSet<string> Shells = new(StringComparer.Ordinal) { "sh", "bash", "dash", "zsh", "ksh", "mksh", "csh", "tcsh", "fish", "busybox", "rbash" };

    private readonly MessierSandbox sandbox = new();

    [Fact]
    public async Task A_dry_run_of_setup_host_with_hostile_input_starts_no_shell()
    {
        var (result, programs) = await TraceAsync(
        [
            "run", "setup-host", "--dry-run",
            "--input", $"pool=$(touch {HostileValues.Marker}-strace)",
            "--input", $"devices={new JsonArray(sandbox.PathOf("drive 1; touch x"), sandbox.PathOf("`drive2`")).ToJsonString()}",
        ]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Not drives", result.StandardError, StringComparison.Ordinal);
        AssertNoShell(programs);
        Assert.Empty(HostileValues.MarkersLeft());
    }

    [Fact]
    public async Task A_real_run_of_commands_inspections_and_a_copy_starts_no_shell()
    {
        var source = sandbox.PathOf("src dir; $(touch x)");
        var target = sandbox.PathOf("dst `dir`");
        Directory.CreateDirectory(Path.Combine(source, "sub"));
        await File.WriteAllTextAsync(Path.Combine(source, "sub", "file 'quoted'.txt"), "payload");
        var definition = sandbox.PathOf("commands.json");
        await File.WriteAllTextAsync(definition, new JsonObject
        {
            ["name"] = "no-shell",
            ["root"] = new JsonObject
            {
                ["type"] = "Sequence",
                ["activities"] = new JsonArray(
                    new JsonObject { ["type"] = "Run", ["id"] = "echo", ["argv"] = new JsonArray("echo", $"$(touch {HostileValues.Marker}-echo)", "a;b", "`id`") },
                    new JsonObject { ["type"] = "Run", ["id"] = "observed", ["argv"] = new JsonArray("true"), ["observe"] = new JsonArray("test", "-e", sandbox.PathOf("not here")) },
                    new JsonObject { ["type"] = "InspectPaths", ["id"] = "inspect", ["paths"] = new JsonArray(source, target) },
                    new JsonObject { ["type"] = "CopyTree", ["id"] = "copy", ["source"] = source, ["target"] = target }),
            },
        }.ToJsonString());

        var (result, programs) = await TraceAsync(["run", definition]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("payload", await File.ReadAllTextAsync(Path.Combine(target, "sub", "file 'quoted'.txt")));
        AssertNoShell(programs);

        // The trace saw the commands the flow ran; an empty or broken trace would prove nothing.
        foreach (var expected in (string[])["echo", "true", "test", "rsync"])
        {
            Assert.True(programs.Any(p => Path.GetFileName(p) == expected), $"expected {expected} among the programs executed: {string.Join(", ", programs)}");
        }

        Assert.Empty(HostileValues.MarkersLeft());
    }

    public void Dispose() => sandbox.Dispose();

    private static void AssertNoShell(IReadOnlyList<string> programs)
    {
        var shells = programs.Where(p => Shells.Contains(Path.GetFileName(p))).ToList();
        Assert.True(shells.Count == 0, $"a shell was started ({string.Join(", ", shells)}); every program executed: {string.Join(", ", programs)}");
    }

    /// <summary>Runs messier under strace and returns how it ended and every program that was executed (successfully) in its process tree.</summary>
    private async Task<(ProcessResult Result, IReadOnlyList<string> Programs)> TraceAsync(IEnumerable<string> args)
    {
        var trace = sandbox.PathOf($"trace-{Guid.NewGuid():N}.txt");
        var info = new ProcessStartInfo("strace")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in (string[])["-f", "-qq", "-s", "256", "-e", "trace=execve", "-o", trace, RepositoryPaths.MessierBinary, .. args, "--journal", sandbox.JournalPath])
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["MESSIER_LOG_DIR"] = sandbox.PathOf("logs");
        info.Environment.Remove("MESSIER_JOURNAL");
        using var process = Process.Start(info) ?? throw new InvalidOperationException("strace did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        var result = new ProcessResult(process.ExitCode, await stdout, await stderr);

        var programs = (await File.ReadAllLinesAsync(trace))
            .Select(line => SuccessfulExecve().Match(line))
            .Where(m => m.Success)
            .Select(m => m.Groups["program"].Value)
            .ToList();
        Assert.True(programs.Count > 0 && programs[0] == RepositoryPaths.MessierBinary, $"the trace should start with messier itself; got {string.Join(", ", programs)}\n{result}");
        return (result, programs);
    }

    // 1234 execve("/usr/bin/rsync", ["rsync", ...], 0x7ffd... /* 20 vars */) = 0; failed attempts (= -1 ENOENT, searching PATH) ran nothing.
    [GeneratedRegex("""execve\("(?<program>(?:[^"\\]|\\.)*)",.*\)\s+=\s+0\s*$""")]
    private static partial Regex SuccessfulExecve();
}
