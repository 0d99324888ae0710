using System.Globalization;
using Messier.Workflows.Journal;
using Microsoft.AspNetCore.Http;

namespace Messier.Studio.Api;

/// <summary>The instance list's filters from a query string, shared by the API and the page.</summary>
internal sealed record InstanceFilter(IReadOnlyList<InstanceStatus> Statuses, string? Definition, string? IdPrefix, int Skip, int Take)
{
    /// <summary>Parses status (repeatable or comma-separated), definition, id, skip and take; null with a message when a value is wrong.</summary>
    public static (InstanceFilter? Filter, string? Error) Parse(IQueryCollection query, int defaultTake)
    {
        var statuses = new List<InstanceStatus>();
        foreach (var name in query["status"].SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!InstanceStatusNames.TryParse(name, out var status))
            {
                return (null, $"Unknown status '{name}'; one of {string.Join(", ", InstanceStatusNames.All)}.");
            }

            if (!statuses.Contains(status))
            {
                statuses.Add(status);
            }
        }

        if (!TryInt(query, "skip", 0, out var skip) || !TryInt(query, "take", defaultTake, out var take) || skip < 0 || take < 1)
        {
            return (null, "skip and take must be whole numbers (skip from 0, take from 1).");
        }

        return (new InstanceFilter(statuses, Blank(query["definition"]), Blank(query["id"]), skip, take), null);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool TryInt(IQueryCollection query, string key, int fallback, out int value)
    {
        var text = query[key].ToString();
        if (string.IsNullOrEmpty(text))
        {
            value = fallback;
            return true;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
