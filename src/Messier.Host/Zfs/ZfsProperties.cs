namespace Messier.Host.Zfs;

/// <summary>Reads <c>zfs get -H -p -o property,value,source</c> output.</summary>
internal static class ZfsProperties
{
    /// <summary>Property name to (value, source), from tab-separated lines.</summary>
    public static Dictionary<string, (string Value, string Source)> Parse(string output)
    {
        var properties = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('\t');
            if (fields.Length >= 3)
            {
                properties[fields[0]] = (fields[1], fields[2]);
            }
        }

        return properties;
    }

    public static bool IsMissingDataset(string output) =>
        output.Contains("dataset does not exist", StringComparison.Ordinal);
}
