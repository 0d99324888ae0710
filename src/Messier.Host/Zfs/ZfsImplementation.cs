using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Messier.Host.Common;
using Messier.Workflows.Activities.Contracts;

namespace Messier.Host.Zfs;

/// <summary>Which ZFS this host runs, as far as its tools tell: for messages and the preflight's outputs.</summary>
/// <param name="Name">"OpenZFS", "zfs-fuse" or "ZFS".</param>
/// <param name="Version">What <c>zfs version</c> prints first (OpenZFS 0.8 and later), else null.</param>
/// <param name="PoolVersion">The legacy pool version (23 for zfs-fuse); null with feature flags.</param>
internal sealed partial record ZfsImplementation(string Name, string? Version, int? PoolVersion, bool FeatureFlags)
{
    /// <summary>E.g. "zfs-fuse, pool version 23" or "OpenZFS zfs-2.1.11-1, feature flags".</summary>
    public string Description
    {
        get
        {
            var parts = new List<string> { Version is null ? Name : $"{Name} {Version}" };
            if (PoolVersion is { } version)
            {
                parts.Add($"pool version {version.ToString(CultureInfo.InvariantCulture)}");
            }
            else if (FeatureFlags)
            {
                parts.Add("feature flags");
            }

            return string.Join(", ", parts);
        }
    }

    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["version"] = Version,
        ["poolVersion"] = PoolVersion,
        ["featureFlags"] = FeatureFlags,
        ["description"] = Description,
    };

    public static async Task<ZfsImplementation> DetectAsync(StepContext context, CancellationToken cancellationToken)
    {
        var version = await context.QueryAsync(["zfs", "version"], cancellationToken);
        var versionText = version.ExitCode == 0
            ? version.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
            : null;

        // "upgrade -v" only lists what this build supports; it changes nothing.
        var upgrade = await context.QueryAsync(["zpool", "upgrade", "-v"], cancellationToken);
        var legacy = LegacyPoolVersion().Match(upgrade.StandardOutput);
        int? poolVersion = legacy.Success ? int.Parse(legacy.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        var featureFlags = upgrade.StandardOutput.Contains("feature flags", StringComparison.OrdinalIgnoreCase);

        var name = versionText is not null ? "OpenZFS" : OnPath("zfs-fuse") ? "zfs-fuse" : "ZFS";
        return new ZfsImplementation(name, versionText, poolVersion, featureFlags);
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin")
            .Any(directory => File.Exists(Path.Combine(directory, program)));

    [GeneratedRegex(@"running ZFS pool version ([0-9]+)", RegexOptions.CultureInvariant)]
    private static partial Regex LegacyPoolVersion();
}
