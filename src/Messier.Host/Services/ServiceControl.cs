using Messier.Host.Common;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Commands;
using Messier.Workflows.Definitions;

namespace Messier.Host.Services;

/// <summary>
/// How a flow controls services: systemd units by default (`systemctl stop|start|is-active`),
/// or, on a host without systemd (and in tests), explicit stop/start/isActive commands.
/// </summary>
internal sealed class ServiceControl
{
    public static readonly string[] DefaultUnits = ["docker.socket", "docker.service", "containerd.service"];

    private readonly IReadOnlyList<string> units;
    private readonly IReadOnlyList<string>? stop;
    private readonly IReadOnlyList<string>? start;
    private readonly IReadOnlyList<string>? isActive;

    private ServiceControl(IReadOnlyList<string> units, IReadOnlyList<string>? stop, IReadOnlyList<string>? start, IReadOnlyList<string>? isActive)
    {
        this.units = units;
        this.stop = stop;
        this.start = start;
        this.isActive = isActive;
    }

    public static IReadOnlyList<PropertyDescriptor> Properties { get; } =
    [
        PropertyDescriptor.Value("units", DataType.Array, "systemd units, stopped in this order and started in reverse.") with { ItemType = DataType.String, Default = new System.Text.Json.Nodes.JsonArray([.. DefaultUnits.Select(u => (System.Text.Json.Nodes.JsonNode)u)]) },
        PropertyDescriptor.Value("commands", DataType.Object, "Instead of systemd: {\"stop\": argv, \"start\": argv, \"isActive\": argv} (isActive exits 0 while the service runs)."),
        PropertyDescriptor.Value("timeoutSeconds", DataType.Number, "How long to wait for the services to reach the wanted state.") with { Default = 60 },
    ];

    public string Description => stop is null ? string.Join(", ", units) : ArgvFormatter.Format(isActive!);

    public static ServiceControl From(StepContext context)
    {
        if (context.Inputs.Get("commands") is System.Text.Json.Nodes.JsonObject)
        {
            var commands = new PropertyValues((System.Text.Json.Nodes.JsonObject)context.Inputs.Get("commands")!, context.Node.Id);
            var stop = commands.GetStringList("stop");
            var start = commands.GetStringList("start");
            var isActive = commands.GetStringList("isActive");
            if (stop.Count == 0 || start.Count == 0 || isActive.Count == 0)
            {
                throw new StepFailedException($"{context.Node.Id}: 'commands' needs stop, start and isActive, each an argv array.") { Retryable = false };
            }

            return new ServiceControl([], stop, start, isActive);
        }

        var units = context.Inputs.GetStringList("units");
        foreach (var unit in units)
        {
            if (unit.Length == 0 || unit.StartsWith('-') || unit.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                throw new StepFailedException($"{context.Node.Id}: '{Printable.Show(unit)}' is not a systemd unit name (empty, starting with '-', or holding spaces or control characters).") { Retryable = false };
            }
        }

        return new ServiceControl(units, null, null, null);
    }

    /// <summary>The services that are running now (by unit, or "service" for explicit commands).</summary>
    public async Task<IReadOnlyList<string>> RunningAsync(StepContext context, CancellationToken cancellationToken)
    {
        if (isActive is not null)
        {
            return (await context.QueryAsync(isActive, cancellationToken)).ExitCode == 0 ? [Description] : [];
        }

        var running = new List<string>();
        foreach (var unit in units)
        {
            if ((await context.QueryAsync(["systemctl", "is-active", "--quiet", unit], cancellationToken)).ExitCode == 0)
            {
                running.Add(unit);
            }
        }

        return running;
    }

    public IReadOnlyList<string> Units => stop is null ? units : [Description];

    public Task StopAsync(StepContext context, CancellationToken cancellationToken) =>
        context.RunCheckedAsync(stop ?? ["systemctl", "stop", .. units], cancellationToken);

    public async Task StartAsync(StepContext context, CancellationToken cancellationToken)
    {
        if (start is null)
        {
            // At boot the hold drop-in (messier hold check) may have refused the units until
            // systemd's start limit was hit; clear that, or systemctl start would refuse them too.
            await context.QueryAsync(["systemctl", "reset-failed", .. units], cancellationToken);
        }

        // A start command may launch the daemon itself (not through systemd): it must outlive us.
        await context.RunCheckedAsync(start ?? ["systemctl", "start", .. units.Reverse()], cancellationToken, outlivesStep: true);
    }

    /// <summary>Polls until every service is (or none is) running; false when the time runs out.</summary>
    public async Task<bool> WaitAsync(StepContext context, bool running, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(context.Inputs.GetNumber("timeoutSeconds", 60));
        while (true)
        {
            var now = await RunningAsync(context, cancellationToken);
            if (running ? now.Count == Units.Count : now.Count == 0)
            {
                return true;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(500, cancellationToken);
        }
    }
}
