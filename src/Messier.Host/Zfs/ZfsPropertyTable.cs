using System.Text.RegularExpressions;

namespace Messier.Host.Zfs;

/// <summary>
/// The properties a ZFS build supports, read from the table that <c>zpool get</c> and <c>zfs get</c>
/// print with their usage when run without arguments. Asking the tools themselves, rather than
/// keeping a list per version, is what makes zfs-fuse (pool version 23: no lz4, no autotrim) and
/// current OpenZFS both answer truthfully.
/// </summary>
internal sealed partial class ZfsPropertyTable
{
    private ZfsPropertyTable(IReadOnlyList<ZfsPropertyRule> rules, bool userProperties)
    {
        Rules = rules;
        UserProperties = userProperties;
    }

    public IReadOnlyList<ZfsPropertyRule> Rules { get; }

    /// <summary>The usage says names with a colon are user properties (zfs does; zfs-fuse's zpool does not).</summary>
    public bool UserProperties { get; }

    public static ZfsPropertyTable Parse(string usage)
    {
        var rules = new List<ZfsPropertyRule>();
        var inTable = false;
        foreach (var line in usage.Split('\n'))
        {
            if (!inTable)
            {
                inTable = TableHeader().IsMatch(line);
                continue;
            }

            var row = TableRow().Match(line);
            if (row.Success)
            {
                rules.Add(new ZfsPropertyRule(
                    row.Groups["name"].Value,
                    row.Groups["edit"].Value == "YES",
                    row.Groups["inherit"].Success ? row.Groups["inherit"].Value == "YES" : null,
                    row.Groups["values"].Value.Trim()));
            }
            else if (rules.Count > 0 && line.Trim().Length == 0)
            {
                inTable = false;
            }
        }

        return new ZfsPropertyTable(rules, usage.Contains("User-defined properties", StringComparison.Ordinal));
    }

    /// <summary>What is wrong with setting <paramref name="name"/>=<paramref name="value"/>, or null when this ZFS accepts it.</summary>
    /// <param name="kind">"pool" or "filesystem", for the message.</param>
    /// <param name="implementation">How this ZFS is described in messages, e.g. "zfs-fuse, pool version 23".</param>
    public string? Problem(string kind, string name, string value, string implementation)
    {
        var rule = Rules.FirstOrDefault(r => !r.IsPrefix && r.Matches(name)) ?? Rules.FirstOrDefault(r => r.IsPrefix && r.Matches(name));
        if (rule is null)
        {
            return UserProperties && name.Contains(':', StringComparison.Ordinal)
                ? null
                : $"{kind} property {name} is not supported by this ZFS ({implementation})";
        }

        if (rule.ReadOnly)
        {
            return $"{kind} property {name} is read-only on this ZFS ({implementation})";
        }

        return ZfsPropertyValues.Accepts(rule.Values, value)
            ? null
            : $"{kind} property {name}={value} is not supported by this ZFS ({implementation}): {name} must be {(rule.Values.Contains('|', StringComparison.Ordinal) ? "one of " : string.Empty)}{rule.Values}";
    }

    [GeneratedRegex(@"^\s*PROPERTY\s+EDIT\b", RegexOptions.CultureInvariant)]
    private static partial Regex TableHeader();

    [GeneratedRegex(@"^\s+(?<name>\S+)\s+(?<edit>YES|NO)\s+(?:(?<inherit>YES|NO)\s+)?(?<values>\S.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex TableRow();
}
