using System.Text.Json.Nodes;

namespace Messier.Host.Zfs;

/// <summary>One "pool:" block of <c>zpool import</c>'s listing.</summary>
/// <param name="State">As listed: ONLINE, DEGRADED, UNAVAIL, FAULTED…</param>
/// <param name="Action">The "action:" text, which says whether and how it can be imported.</param>
internal sealed record ImportablePool(string Name, string Id, string State, string Action)
{
    /// <summary>
    /// Importable as is. A pool that needs -f ("may be active on another system") is not: forcing
    /// it while another host writes to it would corrupt it, and that is the operator's call.
    /// </summary>
    public bool Importable =>
        State is "ONLINE" or "DEGRADED"
        && !Action.Contains("cannot", StringComparison.OrdinalIgnoreCase)
        && !Action.Contains("'-f'", StringComparison.Ordinal)
        && !Action.Contains("'-Df'", StringComparison.Ordinal);

    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["id"] = Id,
        ["state"] = State,
        ["importable"] = Importable,
        ["action"] = Action,
    };
}
