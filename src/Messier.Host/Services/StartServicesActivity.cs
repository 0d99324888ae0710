using System.Text.Json.Nodes;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;

namespace Messier.Host.Services;

/// <summary>Starts services and waits until they run; one that does not come back is a failure, not a hang.</summary>
public sealed class StartServicesActivity : IStepActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "StartServices",
        ActivityCategory.Host,
        "Starts services (the units in reverse order, or an explicit start command) and waits until they all run; fails when they do not within timeoutSeconds.",
        ServiceControl.Properties,
        [ActivityDescriptor.Done]);

    public async Task<Observation> ObserveAsync(StepContext context, CancellationToken cancellationToken)
    {
        var services = ServiceControl.From(context);
        var running = await services.RunningAsync(context, cancellationToken);
        return running.Count == services.Units.Count
            ? Observation.Done($"{services.Description}: running", new JsonObject { ["started"] = false })
            : Observation.Pending($"start {string.Join(", ", services.Units.Except(running))}");
    }

    public async Task<StepResult> ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        var services = ServiceControl.From(context);
        await services.StartAsync(context, cancellationToken);
        if (!await services.WaitAsync(context, running: true, cancellationToken))
        {
            var running = await services.RunningAsync(context, cancellationToken);
            throw new StepFailedException($"did not come back within {context.Inputs.GetNumber("timeoutSeconds", 60)} s: {string.Join(", ", services.Units.Except(running))}");
        }

        return StepResult.Done(new JsonObject { ["started"] = true });
    }
}
