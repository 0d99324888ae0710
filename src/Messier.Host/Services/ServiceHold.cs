namespace Messier.Host.Services;

/// <summary>
/// Services an unfinished instance stopped and has not yet begun to start again: while it exists,
/// starting them would run them on data the flow is still moving.
/// </summary>
/// <param name="Units">The systemd units it stopped; empty when it stopped them through explicit commands, which name no unit.</param>
public sealed record ServiceHold(string InstanceId, string Definition, string Status, string ActivityId, IReadOnlyList<string> Units, DateTimeOffset Since)
{
    /// <summary>Whether starting <paramref name="unit"/> would break this hold (a hold by commands covers every unit).</summary>
    public bool Covers(string unit) => Units.Count == 0 || Units.Contains(unit, StringComparer.Ordinal);

    public override string ToString() =>
        $"instance {InstanceId} ({Definition}, {Status}) stopped {(Units.Count == 0 ? "its services" : string.Join(", ", Units))} at step '{ActivityId}' ({Since:u}) and has not started them again";
}
