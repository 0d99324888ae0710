using System.ComponentModel;
using System.Diagnostics;
using CliWrap;
using Messier.Workflows.Commands;
using CommandResult = Messier.Workflows.Commands.CommandResult;

namespace Messier.Commands;

/// <summary>
/// The one way Messier runs programs: CliWrap with the argv handed over word by word (no shell),
/// the exit code returned rather than thrown, a timeout that first interrupts the command and kills
/// it only after a grace period, and output captured within bounds.
/// </summary>
public sealed class CliWrapCommandRunner : ICommandRunner
{
    private const int HeadLimit = 4 * 1024 * 1024;
    private const int TailLimit = 64 * 1024;
    private readonly TimeSpan gracePeriod;

    public CliWrapCommandRunner(TimeSpan? gracePeriod = null)
    {
        this.gracePeriod = gracePeriod ?? TimeSpan.FromSeconds(10);
    }

    public Task<IReadOnlyList<string>> StopLeftoversAsync(string runnerId, CancellationToken cancellationToken) =>
        LeftoverProcesses.StopAsync(ICommandRunner.RunnerVariable, runnerId, cancellationToken);

    public async Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        if (request.Argv.Count == 0 || string.IsNullOrEmpty(request.Argv[0]))
        {
            throw new CommandStartException("A command needs at least a program name.");
        }

        var stdout = new BoundedTextCapture(HeadLimit, TailLimit);
        var stderr = new BoundedTextCapture(HeadLimit, TailLimit);
        var command = Cli.Wrap(request.Argv[0])
            .WithArguments(request.Argv.Skip(1))
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line =>
            {
                stdout.AppendLine(line);
                request.OnOutputLine?.Invoke(line);
            }))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line =>
            {
                stderr.AppendLine(line);
                request.OnOutputLine?.Invoke(line);
            }));
        if (request.WorkingDirectory is not null)
        {
            command = command.WithWorkingDirectory(request.WorkingDirectory);
        }

        if (request.Environment.Count > 0)
        {
            command = command.WithEnvironmentVariables(request.Environment);
        }

        if (request.StandardInput is not null)
        {
            command = command.WithStandardInputPipe(PipeSource.FromString(request.StandardInput));
        }

        using var timeout = request.Timeout is { } limit ? new CancellationTokenSource(limit) : new CancellationTokenSource();
        using var graceful = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var forceful = new CancellationTokenSource();
        await using var escalate = graceful.Token.Register(() => forceful.CancelAfter(gracePeriod));

        var startedAt = DateTimeOffset.UtcNow;
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var result = await command.ExecuteAsync(forceful.Token, graceful.Token);
            return new CommandResult(request.Argv, result.ExitCode, stopwatch.Elapsed, startedAt, stdout.ToString(), stderr.ToString(), TimedOut: false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new CommandResult(request.Argv, null, stopwatch.Elapsed, startedAt, stdout.ToString(), stderr.ToString(), TimedOut: true);
        }
        catch (Win32Exception ex)
        {
            throw new CommandStartException($"Cannot start '{request.Argv[0]}': {ex.Message}", ex);
        }
        catch (InvalidOperationException ex) when (ex.InnerException is Win32Exception)
        {
            throw new CommandStartException($"Cannot start '{request.Argv[0]}': {ex.InnerException.Message}", ex);
        }
        catch (DirectoryNotFoundException ex)
        {
            throw new CommandStartException($"Cannot start '{request.Argv[0]}' in '{request.WorkingDirectory}': {ex.Message}", ex);
        }
    }
}
