using System.Globalization;

namespace Messier.Workflows.Leases;

/// <summary>
/// Liveness from <c>/proc</c>: on this host an owner is dead when its pid is gone or now belongs to a
/// process that started at another time. Owners on other hosts are unknown and wait for the lease to expire.
/// </summary>
public sealed class ProcessLiveness : IOwnerLiveness
{
    public static ProcessLiveness Instance { get; } = new();

    public bool? IsAlive(LeaseOwner owner)
    {
        if (!string.Equals(owner.Host, Environment.MachineName, StringComparison.Ordinal))
        {
            return null;
        }

        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var start = ReadStartTicks(owner.ProcessId);
        if (start is null)
        {
            return false;
        }

        // A zero start time means it could not be read when the lease was taken; the pid is all we have.
        return owner.ProcessStartTicks == 0 || start == owner.ProcessStartTicks;
    }

    /// <summary>Field 22 of /proc/PID/stat: the process start time in clock ticks since boot.</summary>
    public static long? ReadStartTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");

            // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
            var afterName = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(afterName[19], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
