using System.Globalization;
using System.Text.Json.Nodes;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Commands;
using Messier.Workflows.Definitions;

namespace Messier.Workflows.Activities.Primitives;

/// <summary>
/// Runs an external command given as an argv array. With <c>observe</c>, a second argv that exits 0
/// when the effect is already in place, the step is an ensure step: it is skipped when observed
/// done, including after a crash in the middle of it. Without <c>observe</c> an interrupted Run is
/// run again (at least once), so give one to every command that must not repeat.
/// </summary>
public sealed class RunActivity : IStepActivity
{
    /// <summary>Standard output larger than this is cut from the output value (the journal keeps a tail anyway).</summary>
    public const int MaxCapturedOutputChars = 1024 * 1024;

    public ActivityDescriptor Descriptor { get; } = new(
        "Run",
        ActivityCategory.Primitives,
        "Runs an external command as an argv array (no shell). Outputs: exitCode, stdout, stderr.",
        [
            PropertyDescriptor.Value("argv", DataType.Array, "The program and its arguments, one word each; never a shell string.") with { Required = true, ItemType = DataType.String },
            PropertyDescriptor.Value("observe", DataType.Array, "An argv that exits 0 when the effect is already in place; then the command is not run.") with { ItemType = DataType.String },
            PropertyDescriptor.Value("cwd", DataType.String, "The working directory."),
            PropertyDescriptor.Value("env", DataType.Object, "Environment variables to set, names to string values.") with { ItemType = DataType.String },
            PropertyDescriptor.Value("stdin", DataType.String, "Text written to the command's standard input."),
            PropertyDescriptor.Value("timeoutSeconds", DataType.Number, "Interrupt the command after this many seconds (killed after a grace period)."),
            PropertyDescriptor.Value("acceptExitCodes", DataType.Array, "Exit codes that count as success.") with { Default = new JsonArray(0), ItemType = DataType.Integer },
        ],
        [ActivityDescriptor.Done]);

    public async Task<Observation> ObserveAsync(StepContext context, CancellationToken cancellationToken)
    {
        var argv = context.Inputs.GetStringList("argv");
        var plan = "run " + ArgvFormatter.Format(argv);
        var observe = context.Inputs.GetStringList("observe");
        if (observe.Count == 0)
        {
            return Observation.Pending(plan);
        }

        var result = await context.RunCommandAsync(
            new CommandRequest(observe) { WorkingDirectory = context.Inputs.GetOptionalString("cwd"), Environment = Environment(context), Timeout = Timeout(context), AcceptedExitCodes = [] },
            cancellationToken);
        return result.ExitCode == 0
            ? Observation.Done($"already done: {ArgvFormatter.Format(observe)} exited 0", new JsonObject { ["exitCode"] = 0, ["observed"] = true })
            : Observation.Pending(plan);
    }

    public async Task<StepResult> ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        var argv = context.Inputs.GetStringList("argv");
        if (argv.Count == 0)
        {
            throw new StepFailedException($"Run '{context.Node.Id}': argv is empty.") { Retryable = false };
        }

        var accepted = context.Inputs.Has("acceptExitCodes")
            ? context.Inputs.GetIntegerList("acceptExitCodes").Select(c => (int)c).ToArray()
            : [0];
        var result = await context.RunCommandAsync(
            new CommandRequest(argv)
            {
                WorkingDirectory = context.Inputs.GetOptionalString("cwd"),
                Environment = Environment(context),
                StandardInput = context.Inputs.GetOptionalString("stdin"),
                Timeout = Timeout(context),
                AcceptedExitCodes = accepted,
            },
            cancellationToken);

        if (result.TimedOut)
        {
            throw new StepFailedException($"{ArgvFormatter.Format(argv)} timed out after {Timeout(context)!.Value.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.");
        }

        if (result.ExitCode is not { } exitCode || !accepted.Contains(exitCode))
        {
            var tail = result.OutputTail(2000).Trim();
            throw new StepFailedException($"{ArgvFormatter.Format(argv)} exited with {result.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "no code"}{(tail.Length > 0 ? ": " + tail : string.Empty)}");
        }

        var stdout = result.StandardOutput;
        return StepResult.Done(new JsonObject
        {
            ["exitCode"] = exitCode,
            ["stdout"] = stdout.Length <= MaxCapturedOutputChars ? stdout : stdout[..MaxCapturedOutputChars],
            ["stderr"] = result.StandardError.Length <= 64 * 1024 ? result.StandardError : result.StandardError[^(64 * 1024)..],
        });
    }

    private static Dictionary<string, string?> Environment(StepContext context) =>
        context.Inputs.GetStringMap("env").ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal);

    private static TimeSpan? Timeout(StepContext context) =>
        context.Inputs.Has("timeoutSeconds") ? TimeSpan.FromSeconds(context.Inputs.GetNumber("timeoutSeconds", 0)) : null;
}
