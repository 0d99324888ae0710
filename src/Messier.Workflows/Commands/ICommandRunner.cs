namespace Messier.Workflows.Commands;

/// <summary>
/// Runs external commands. Implementations never use a shell and never throw for a non-zero exit:
/// the caller decides with <see cref="CommandRequest.AcceptedExitCodes"/>.
/// </summary>
public interface ICommandRunner
{
    /// <exception cref="CommandStartException">The program could not be started (not found, not executable).</exception>
    Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken);
}
