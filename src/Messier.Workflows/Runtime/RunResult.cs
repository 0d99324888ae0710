using System.Text.Json.Nodes;
using Messier.Workflows.Journal;
using Messier.Workflows.Leases;

namespace Messier.Workflows.Runtime;

/// <summary>Where a run left an instance.</summary>
/// <param name="Message">The incident for a faulted run, the question for a suspended one, the reason for a refusal.</param>
/// <param name="Holder">When the run was refused because another live runner owns the instance: who.</param>
public sealed record RunResult(string InstanceId, InstanceStatus Status, string? Message, JsonObject? Outputs, LeaseInfo? Holder = null)
{
    public bool Refused => Holder is not null;
}
