using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Commands;

namespace Messier.Host.Common;

/// <summary>
/// The two ways host activities run commands, both through the step's journaled runner: one that
/// must succeed (a failure becomes a step failure naming the command and its output), and one
/// whose exit code is an answer ("does the pool exist?").
/// </summary>
internal static class HostCommands
{
    /// <summary>Runs the command and returns its standard output; any exit code but 0 fails the step.</summary>
    /// <param name="outlivesStep">The command starts a daemon that must survive a crash of messier (see <see cref="CommandRequest.OutlivesStep"/>).</param>
    public static async Task<string> RunCheckedAsync(this StepContext context, IReadOnlyList<string> argv, CancellationToken cancellationToken, bool retryable = true, bool outlivesStep = false)
    {
        var result = await context.RunCommandAsync(new CommandRequest(argv) { AcceptedExitCodes = [], OutlivesStep = outlivesStep }, cancellationToken);
        if (result.ExitCode != 0)
        {
            var tail = result.OutputTail(1500).Trim();
            throw new StepFailedException($"{ArgvFormatter.Format(argv)} exited with {(result.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no code")}{(tail.Length > 0 ? ": " + tail : string.Empty)}")
            {
                Retryable = retryable,
            };
        }

        return result.StandardOutput;
    }

    /// <summary>Runs a read-only query; the caller interprets the exit code.</summary>
    public static Task<CommandResult> QueryAsync(this StepContext context, IReadOnlyList<string> argv, CancellationToken cancellationToken) =>
        context.RunCommandAsync(new CommandRequest(argv) { AcceptedExitCodes = [] }, cancellationToken);
}
