using System.Text.Json.Nodes;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Definitions;
using Messier.Workflows.Journal;

namespace Messier.Workflows.Activities.Primitives;

/// <summary>
/// Runs another definition as a child instance and waits for it; the child's outputs become the
/// Call's outputs. The child's id is derived from the parent and the Call's frame, so a Call that
/// is observed again after a crash finds its child instead of starting a second one.
/// </summary>
public sealed class CallActivity : IDryRunStep
{
    public const string BookmarkName = "child";

    public ActivityDescriptor Descriptor { get; } = new(
        "Call",
        ActivityCategory.ControlFlow,
        "Runs another definition (by name) as a child instance and waits for it to finish. Outputs: the child's outputs and its instance id (instanceId).",
        [
            PropertyDescriptor.Value("definition", DataType.String, "The name of the definition to run.") with { Required = true, AllowExpression = false },
            PropertyDescriptor.Value("input", DataType.Object, "The child's inputs: names to values or expressions."),
        ],
        [ActivityDescriptor.Done]);

    public async Task<Observation> ObserveAsync(StepContext context, CancellationToken cancellationToken)
    {
        var child = await context.Children.FindAsync(context.ChildInstanceId, cancellationToken);
        var name = context.Inputs.GetString("definition");
        return child switch
        {
            null => Observation.Pending($"start a child instance of '{name}'"),
            { Status: InstanceStatus.Finished } => Observation.Done($"child {child.Id} ({name}) already finished", Outputs(child)),
            _ => Observation.Pending($"continue child {child.Id} ({name}), now {child.Status.ToName()}"),
        };
    }

    public async Task<StepResult> ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        var name = context.Inputs.GetString("definition");
        var child = await context.Children.FindAsync(context.ChildInstanceId, cancellationToken);
        var input = context.Inputs.Get("input") as JsonObject ?? [];
        var result = child is null
            ? await context.Children.StartAsync(name, (JsonObject)input.DeepClone(), context.ChildInstanceId, context.InstanceId, cancellationToken)
            : await context.Children.ContinueAsync(child, cancellationToken);

        switch (result.Status)
        {
            case InstanceStatus.Finished:
                var outputs = result.Outputs is null ? new JsonObject() : (JsonObject)result.Outputs.DeepClone();
                outputs["instanceId"] = result.InstanceId;
                return StepResult.Done(outputs);
            case InstanceStatus.Suspended:
                return StepResult.Suspend(BookmarkName, $"waits for child {result.InstanceId} ({name}): {result.Message}");
            case InstanceStatus.Interrupted:
                throw new OperationCanceledException($"child {result.InstanceId} was interrupted", cancellationToken);
            default:
                throw new StepFailedException($"child {result.InstanceId} ({name}) {result.Status.ToName()}: {result.Message}") { Retryable = false };
        }
    }

    public async Task<StepResult> DryRunAsync(StepContext context, CancellationToken cancellationToken)
    {
        var name = context.Inputs.GetString("definition");
        var input = context.Inputs.Get("input") as JsonObject ?? [];
        var result = await context.Children.DryRunAsync(name, (JsonObject)input.DeepClone(), context.AfterPlannedChanges, cancellationToken);
        if (result.Status != InstanceStatus.Finished)
        {
            throw new StepFailedException($"the dry run of '{name}' {result.Status.ToName()}: {result.Message}") { Retryable = false };
        }

        var outputs = result.Outputs is null ? new JsonObject() : (JsonObject)result.Outputs.DeepClone();
        outputs["instanceId"] = result.InstanceId;
        return StepResult.Done(outputs);
    }

    private static JsonObject Outputs(InstanceRecord child)
    {
        var outputs = child.OutputJson is null ? new JsonObject() : JsonNode.Parse(child.OutputJson) as JsonObject ?? [];
        outputs["instanceId"] = child.Id;
        return outputs;
    }
}
