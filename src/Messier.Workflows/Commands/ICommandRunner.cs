namespace Messier.Workflows.Commands;

/// <summary>
/// Runs external commands. Implementations never use a shell and never throw for a non-zero exit:
/// the caller decides with <see cref="CommandRequest.AcceptedExitCodes"/>.
/// </summary>
public interface ICommandRunner
{
    /// <exception cref="CommandStartException">The program could not be started (not found, not executable).</exception>
    Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Stops commands a dead runner started and left running: every process whose environment
    /// carries <see cref="RunnerVariable"/> = <paramref name="runnerId"/> (the engine sets it on
    /// each command it runs). Called when a runner takes an instance over from a dead one, before
    /// the step that was in flight is observed again, so the old command does not go on writing
    /// beside the new one. Returns what was stopped, for the journal.
    /// </summary>
    Task<IReadOnlyList<string>> StopLeftoversAsync(string runnerId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    /// <summary>The environment variable that marks a command with the runner that started it.</summary>
    public const string RunnerVariable = "MESSIER_RUNNER";
}
