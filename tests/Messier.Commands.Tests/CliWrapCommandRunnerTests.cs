using System.Diagnostics;
using Messier.Workflows.Commands;

namespace Messier.Commands.Tests;

/// <summary>The real runner against real programs: argv words stay words, exit codes come back, timeouts stop commands.</summary>
public sealed class CliWrapCommandRunnerTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("messier-commands-").FullName;
    private readonly CliWrapCommandRunner runner = new(TimeSpan.FromSeconds(2));

    [Fact]
    public async Task Shell_syntax_in_an_argument_is_passed_as_one_literal_word()
    {
        var marker = Path.Combine(folder, "pwned");
        var hostile = $"$(touch {marker}); `touch {marker}` ; touch {marker} && echo 'quoted' \"x\"\nnewline";

        var result = await runner.RunAsync(new CommandRequest(["printf", "%s", hostile]), default);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(hostile + "\n", result.StandardOutput);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task A_non_zero_exit_code_is_returned_not_thrown_with_stderr_kept()
    {
        var result = await runner.RunAsync(new CommandRequest(["ls", Path.Combine(folder, "missing")]), default);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("No such file or directory", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("No such file or directory", result.OutputTail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stdin_cwd_and_environment_reach_the_command()
    {
        var result = await runner.RunAsync(
            new CommandRequest(["sh", "-c", "cat; pwd; echo \"$MESSIER_TEST_VALUE\""])
            {
                StandardInput = "from stdin\n",
                WorkingDirectory = folder,
                Environment = new Dictionary<string, string?> { ["MESSIER_TEST_VALUE"] = "from env" },
            },
            default);

        Assert.Equal($"from stdin\n{folder}\nfrom env\n", result.StandardOutput);
    }

    [Fact]
    public async Task A_command_past_its_timeout_is_stopped_and_reported_as_timed_out()
    {
        var clock = Stopwatch.StartNew();
        var result = await runner.RunAsync(new CommandRequest(["sleep", "30"]) { Timeout = TimeSpan.FromMilliseconds(300) }, default);

        Assert.True(result.TimedOut);
        Assert.Null(result.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_command_that_ignores_the_interrupt_is_killed_after_the_grace_period()
    {
        var clock = Stopwatch.StartNew();
        var result = await runner.RunAsync(new CommandRequest(["sh", "-c", "trap '' INT TERM; sleep 30"]) { Timeout = TimeSpan.FromMilliseconds(200) }, default);

        Assert.True(result.TimedOut);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_program_that_does_not_exist_is_a_start_error_naming_it()
    {
        var error = await Assert.ThrowsAsync<CommandStartException>(() => runner.RunAsync(new CommandRequest(["messier-no-such-program"]), default));

        Assert.Contains("messier-no-such-program", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Huge_output_is_kept_within_bounds_with_its_head_and_tail()
    {
        var result = await runner.RunAsync(new CommandRequest(["seq", "1", "2000000"]), default);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("1\n2\n3\n", result.StandardOutput, StringComparison.Ordinal);
        Assert.EndsWith("1999999\n2000000\n", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("characters not kept", result.StandardOutput, StringComparison.Ordinal);
        Assert.True(result.StandardOutput.Length < 5 * 1024 * 1024);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
