using System.Text.Json.Nodes;
using Messier.Flows.Tests.Support;

namespace Messier.Flows.Tests.CrashMatrix;

/// <summary>
/// One flow on one starting state, for the crash matrix: how to lay the host out before the run,
/// the inputs, and which parts of the host make up its end state.
/// </summary>
/// <param name="Name">Shown in failures and in docs/reliability.md.</param>
/// <param name="Flow">The workflow to run.</param>
/// <param name="Prepare">Lays out the host (pool, datasets, data) and returns the flow's inputs.</param>
/// <param name="Watched">The folders (host paths, e.g. /var/lib/docker) whose trees are part of the end state.</param>
/// <param name="DriveBytes">The size of each file drive.</param>
/// <param name="Docker">Whether the host has a real dockerd and containerd (its listing and networks are then part of the end state).</param>
public sealed record CrashScenario(
    string Name,
    string Flow,
    Func<FlowHost, JsonObject> Prepare,
    IReadOnlyList<string> Watched,
    long DriveBytes = 192L * 1024 * 1024,
    bool Docker = false)
{
    public override string ToString() => Name;
}
