namespace Messier.Host.Zfs;

/// <summary>A top-level vdev of an imported pool: "mirror-0" with its drives, or a lone drive.</summary>
/// <param name="Kind">mirror, raidz1, … or "disk" for a drive that is a vdev by itself.</param>
/// <param name="Section">"data", or the section it is listed under: logs, cache, spares, special…</param>
internal sealed record PoolVdev(string Name, string Kind, string Section, IReadOnlyList<string> Devices)
{
    public override string ToString() => Kind == "disk" ? Devices[0] : $"{Name} of {string.Join(", ", Devices)}";
}
