using System.Globalization;

namespace Messier.Workflows.Leases;

/// <summary>
/// Who runs an instance: the host, the process (pid and its start time, so a reused pid is not
/// mistaken for the owner) and a per-runner id.
/// </summary>
public sealed record LeaseOwner(string Host, int ProcessId, long ProcessStartTicks, string RunnerId)
{
    /// <summary>The owner for the current process, with a fresh runner id.</summary>
    public static LeaseOwner ForCurrentProcess()
    {
        var pid = Environment.ProcessId;
        return new LeaseOwner(Environment.MachineName, pid, ProcessLiveness.ReadStartTicks(pid) ?? 0, Guid.NewGuid().ToString("N")[..12]);
    }

    /// <summary>The single string a store keeps: host/pid/start/runner.</summary>
    public string Serialize() => string.Create(CultureInfo.InvariantCulture, $"{Host}/{ProcessId}/{ProcessStartTicks}/{RunnerId}");

    public static LeaseOwner? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var parts = value.Split('/');
        if (parts.Length != 4
            || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid)
            || !long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var start))
        {
            return null;
        }

        return new LeaseOwner(parts[0], pid, start, parts[3]);
    }

    /// <summary>How an operator reads it in a refusal message.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"process {ProcessId} on {Host} (runner {RunnerId})");
}
