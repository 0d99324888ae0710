namespace Messier.Workflows.Journal;

/// <summary>The lower-case names used for statuses in the CLI, the JSON output and the journal.</summary>
public static class InstanceStatusNames
{
    public static string ToName(this InstanceStatus status) => status switch
    {
        InstanceStatus.Running => "running",
        InstanceStatus.Suspended => "suspended",
        InstanceStatus.Faulted => "faulted",
        InstanceStatus.Finished => "finished",
        InstanceStatus.Cancelled => "cancelled",
        InstanceStatus.Interrupted => "interrupted",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static bool TryParse(string? name, out InstanceStatus status)
    {
        foreach (var candidate in Enum.GetValues<InstanceStatus>())
        {
            if (string.Equals(candidate.ToName(), name, StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }

    public static IReadOnlyList<string> All { get; } = Enum.GetValues<InstanceStatus>().Select(s => s.ToName()).ToArray();
}
