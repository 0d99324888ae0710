using Messier.Cli.Composition;
using Messier.Journal;
using Messier.Workflows.Definitions;
using Messier.Workflows.Journal;
using Messier.Workflows.Leases;
using Messier.Workflows.Runtime;

namespace Messier.Cli.Commands;

/// <summary>
/// Runs a command body with the journal open and turns the errors an operator can cause into a
/// message on stderr and the documented exit code, never a stack trace.
/// </summary>
internal static class CliAction
{
    public static async Task<int> WithAppAsync(CliSettings settings, Func<MessierApp, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            await using var app = await MessierApp.OpenAsync(settings, cancellationToken);
            return await body(app);
        }
        catch (Exception ex)
        {
            // A lock or a read-only disk met after the journal opened is still the journal's fault, not a bug.
            return Report(Messier.Journal.SqliteWorkflowJournal.Explain(ex, settings.JournalPath) ?? ex, cancellationToken);
        }
    }

    public static async Task<int> WithoutJournalAsync(CliSettings settings, Func<MessierApp, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            await using var app = MessierApp.CreateWithoutJournal(settings);
            return await body(app);
        }
        catch (Exception ex)
        {
            return Report(ex, cancellationToken);
        }
    }

    private static readonly System.Text.Json.JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    /// <summary>The exit code for where a run left its instance.</summary>
    public static int ExitCodeFor(RunResult result) => result switch
    {
        { Refused: true } => ExitCodes.Busy,
        { Status: InstanceStatus.Finished } => ExitCodes.Success,
        { Status: InstanceStatus.Faulted } => ExitCodes.Faulted,
        { Status: InstanceStatus.Suspended } => ExitCodes.Suspended,
        { Status: InstanceStatus.Cancelled } => ExitCodes.Cancelled,
        { Status: InstanceStatus.Interrupted } => ExitCodes.Interrupted,
        _ => ExitCodes.Success,
    };

    /// <summary>Prints what an operator needs to know about where the run left the instance.</summary>
    public static int Conclude(RunResult result) => Conclude(result, dryRun: false);

    /// <summary>As <see cref="Conclude(RunResult)"/>, for a dry run, which leaves no instance behind to retry or show.</summary>
    public static int ConcludeDryRun(RunResult result) => Conclude(result, dryRun: true);

    private static int Conclude(RunResult result, bool dryRun)
    {
        if (result.Refused)
        {
            Console.Error.WriteLine($"messier: {result.Message}");
        }
        else if (result.Status == InstanceStatus.Finished && result.Outputs is { Count: > 0 } outputs)
        {
            // What the flow reports (the path it took, what it made), for the operator and for scripts.
            Console.Out.WriteLine($"outputs: {outputs.ToJsonString(IndentedJson)}");
        }
        else if (result.Status == InstanceStatus.Suspended)
        {
            Console.Error.WriteLine($"messier: instance {result.InstanceId} is suspended: {result.Message}; approve it with 'messier approve {result.InstanceId}'.");
        }
        else if (result.Status == InstanceStatus.Faulted && dryRun)
        {
            // A dry run journals nothing, so there is no instance to retry or show.
            Console.Error.WriteLine($"messier: the dry run faulted: {result.Message}");
        }
        else if (result.Status == InstanceStatus.Faulted)
        {
            Console.Error.WriteLine($"messier: instance {result.InstanceId} faulted: {result.Message}");
            Console.Error.WriteLine($"messier: fix the cause, then 'messier retry {result.InstanceId}'; 'messier instances show {result.InstanceId}' shows the journal.");
        }

        return ExitCodeFor(result);
    }

    private static int Report(Exception ex, CancellationToken cancellationToken)
    {
        switch (ex)
        {
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                Console.Error.WriteLine("messier: interrupted; a running instance stays resumable with 'messier resume'.");
                return ExitCodes.Interrupted;
            case JournalUnavailableException:
                Console.Error.WriteLine($"messier: {ex.Message}");
                return ExitCodes.JournalUnavailable;
            case DefinitionException definition:
                foreach (var error in definition.Errors)
                {
                    Console.Error.WriteLine(error.ToString());
                }

                return ExitCodes.Usage;
            case InputException input:
                foreach (var error in input.Errors)
                {
                    Console.Error.WriteLine($"messier: {error}");
                }

                return ExitCodes.Usage;
            case EngineException or UsageException:
                Console.Error.WriteLine($"messier: {ex.Message}");
                return ExitCodes.Usage;
            case LeaseLostException:
                Console.Error.WriteLine($"messier: {ex.Message}");
                return ExitCodes.Busy;
            default:
                Console.Error.WriteLine($"messier: unexpected error: {ex.GetType().Name}: {ex.Message}");
                Console.Error.WriteLine("messier: the journal log beside the journal has the details; please report this.");
                Serilog.Log.Logger.Error(ex, "Unexpected error");
                return ExitCodes.Faulted;
        }
    }
}
