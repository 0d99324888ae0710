using System.Text.Json.Nodes;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;

namespace Messier.Host.Services;

/// <summary>Stops services (Docker and containerd by default) and waits until they are down.</summary>
public sealed class StopServicesActivity : IStepActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "StopServices",
        ActivityCategory.Host,
        "Stops services (systemd units docker.socket, docker.service, containerd.service by default, or explicit commands) and waits until none runs.",
        ServiceControl.Properties,
        [ActivityDescriptor.Done]);

    public async Task<Observation> ObserveAsync(StepContext context, CancellationToken cancellationToken)
    {
        var services = ServiceControl.From(context);
        var running = await services.RunningAsync(context, cancellationToken);
        return running.Count == 0
            ? Observation.Done($"{services.Description}: not running", new JsonObject { ["stopped"] = false })
            : Observation.Pending($"stop {string.Join(", ", running)}");
    }

    public async Task<StepResult> ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        var services = ServiceControl.From(context);
        await services.StopAsync(context, cancellationToken);
        if (!await services.WaitAsync(context, running: false, cancellationToken))
        {
            var still = await services.RunningAsync(context, cancellationToken);
            throw new StepFailedException($"still running after the stop: {string.Join(", ", still)}");
        }

        return StepResult.Done(new JsonObject { ["stopped"] = true });
    }
}
