namespace Messier.Host.Zfs;

/// <summary>
/// Reads the vdev tree from the "config:" part of <c>zpool status POOL</c>. Depth is the
/// indentation after the leading tab: the pool (and section headers such as "logs") at 0,
/// top-level vdevs at 2, their drives deeper.
/// </summary>
internal static class ZpoolStatusLayout
{
    private static readonly string[] Sections = ["logs", "cache", "spares", "special", "dedup"];

    public static IReadOnlyList<PoolVdev> Parse(string status)
    {
        var vdevs = new List<(string Name, string Section, List<string> Devices)>();
        var section = "data";
        var inConfig = false;
        var sawHeader = false;
        foreach (var raw in status.Split('\n'))
        {
            var trimmed = raw.Trim();
            if (!inConfig)
            {
                inConfig = trimmed == "config:";
                continue;
            }

            if (trimmed.StartsWith("errors:", StringComparison.Ordinal))
            {
                break;
            }

            if (trimmed.Length == 0)
            {
                continue;
            }

            if (!sawHeader)
            {
                sawHeader = trimmed.StartsWith("NAME", StringComparison.Ordinal);
                continue;
            }

            var body = raw.StartsWith('\t') ? raw[1..] : raw;
            var depth = body.Length - body.TrimStart(' ').Length;
            var name = trimmed.Split((char[])[' ', '\t'], 2)[0];
            if (depth == 0)
            {
                // The pool's own line, or a section header.
                section = Sections.Contains(name, StringComparer.Ordinal) ? name : section;
                continue;
            }

            if (depth <= 2)
            {
                vdevs.Add((name, section, []));
            }
            else if (vdevs.Count > 0 && !IsGroup(name))
            {
                vdevs[^1].Devices.Add(name);
            }
        }

        return vdevs.Select(v => v.Devices.Count == 0
                ? new PoolVdev(v.Name, "disk", v.Section, [v.Name])
                : new PoolVdev(v.Name, Kind(v.Name), v.Section, v.Devices))
            .ToList();
    }

    /// <summary>"mirror-0" is a mirror, "raidz2-1" a raidz2; nested groups (replacing-0, spare-1) are not drives.</summary>
    private static string Kind(string name)
    {
        var dash = name.LastIndexOf('-');
        return dash > 0 && name[(dash + 1)..].All(char.IsAsciiDigit) ? name[..dash] : name;
    }

    private static bool IsGroup(string name) =>
        (name.StartsWith("replacing-", StringComparison.Ordinal) || name.StartsWith("spare-", StringComparison.Ordinal))
        && name[(name.LastIndexOf('-') + 1)..].All(char.IsAsciiDigit);
}
